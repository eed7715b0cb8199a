using System.Text;

namespace Strata.Server.Tests.BadInput;

/// <summary>
/// Generates malformed <c>strata.yaml</c> files from valid ones of each vertical, deterministically (fixed
/// seed). Each is deployed to an app named <see cref="GuardApp"/>, a name no generated manifest has: even a
/// mutation that leaves the manifest well-formed is refused (name mismatch) after all of its validation ran,
/// so no case ever builds.
/// </summary>
internal static class BadManifests
{
    public const string GuardApp = "zz-guard";

    /// <summary>A valid manifest per vertical (functions, simulation, mobile, the fixture ones) and the unknown or failed ones.</summary>
    public static IReadOnlyList<(string Vertical, string Spec)> Bases(string webAppDirectory) =>
    [
        ("functions", "\n  handler: Hello.Function\n  timeoutSeconds: 30"),
        ("functions", "\n  mode: pool"),
        ("functions", "\n  handler: Tick.Function\n  schedule: \"*/5 * * * *\""),
        ("simulation", """

              parameters:
                alpha:   { type: number,  min: 0.01, max: 10, default: 1.0 }
                points:  { type: integer, min: 4, max: 64, default: 16 }
                scheme:  { type: string,  values: [explicit, implicit], default: explicit }
              run:
                label: sweep
                sweep:
                  grid:
                    alpha: [0.25, 0.5]
                    scheme: [explicit, implicit]
                parallelism: 2
            """.TrimEnd()),
        ("mobile", """

              collections:
                todos:
                  fields:
                    title: { type: string, required: true, maxLength: 200 }
                    done: { type: bool, default: false }
                    due: datetime
                    tags: string[]
                  indexes: [done, [done, due]]
                  access: owner-only
              files:
                maxBytes: 1048576
                types: [image/png, text/plain]
            """.TrimEnd()),
        ("web", $"\n  appDirectory: {webAppDirectory}\n  replicas: 1\n  greeting: hi"),
        ("other-yaml", "\n  size: 3"),
        ("throws-in-configure", "\n  a: 1"),
        ("incompatible", "\n  a: 1"),
        ("no-such-vertical", "\n  a: 1"),
    ];

    /// <summary>Every handcrafted file once, then <paramref name="randomCount"/> random mutations; labels say what each is.</summary>
    public static IEnumerable<(string Label, byte[] Yaml)> Generate(string webAppDirectory, int randomCount, int seed)
    {
        var bases = Bases(webAppDirectory);
        foreach (var (label, text) in Handcrafted(bases))
        {
            yield return (label, text);
        }

        var random = new Random(seed);
        for (var i = 0; i < randomCount; i++)
        {
            var (vertical, spec) = bases[random.Next(bases.Count)];
            var manifest = new Manifest(vertical, spec);
            var labels = new List<string> { vertical };
            var count = 1 + random.Next(3);
            for (var m = 0; m < count; m++)
            {
                var (name, mutate) = Mutations[random.Next(Mutations.Length)];
                labels.Add(mutate(manifest, random) is { } detail ? $"{name}({detail})" : name);
            }

            var bytes = manifest.Render();
            if (random.Next(5) == 0)
            {
                var (name, corrupt) = Corruptions[random.Next(Corruptions.Length)];
                bytes = corrupt(bytes, random);
                labels.Add(name);
            }

            yield return (string.Join(" + ", labels), bytes);
        }
    }

    /// <summary>An editable manifest: top-level entries in order (value text as it follows "key:").</summary>
    private sealed class Manifest(string vertical, string spec)
    {
        public List<(string Key, string Value)> Entries { get; } = [("name", "hello"), ("vertical", vertical), ("spec", spec)];

        public string Prefix { get; set; } = "";

        public void Set(string key, string value)
        {
            var index = Entries.FindIndex(e => e.Key == key);
            if (index < 0)
            {
                Entries.Add((key, value));
            }
            else
            {
                Entries[index] = (key, value);
            }
        }

        public byte[] Render()
        {
            var text = new StringBuilder(Prefix);
            foreach (var (key, value) in Entries)
            {
                text.Append(key).Append(':').Append(value.StartsWith('\n') ? "" : " ").Append(value).Append('\n');
            }

            return Encoding.UTF8.GetBytes(text.ToString());
        }
    }

    private static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];

    /// <summary>Scalars (as YAML text) that are no DNS label: types, cases, lengths, characters, YAML specials.</summary>
    public static readonly string[] BadScalars =
    [
        "", "~", "null", "123", "-1", "0x1F", "1e400", "true", "no", "[a, b]", "{a: b}", "[]", "{}", "Hello", "HELLO", "hello_world", "-hello", "hello-",
        new string('a', 64), new string('a', 300), "\"\"", "''", "\"a b\"", "a.b", "../x", "..", "'..'", "\"../../etc\"", "a/b", "\"%2e%2e%2f\"", "ÄPP", "\"\\u00e9t\\u00e9\"",
        "\"\\U0001F600\"", "\"\\u202Ehello\"", "\"hel\\u200Blo\"", "\"\\0\"", "\"a\\x01b\"", "\"\\t\"", "!!binary aGVsbG8=", "!!int 12", "!!str", "!custom hello", "*undefined", "&a hello",
        "| \n  multi\n  line", "> \n  folded", "\"con\"", "nul", "\"-\"", "_", "'hello\n  world'", "!!python/object/apply:os.system ['true']", "2026-11-24", "0o17", ".inf", ".nan",
    ];

    private static readonly string[] BadVerticals = ["", "~", "FUNCTIONS", "\"functions \"", "nope", "\"../functions\"", "functions/x", "[functions]", "{a: b}", "123", "true", "throws-in-configure", "incompatible", "other_yaml", "\"\\u0066unctions\u200B\""];

    private static readonly string[] UnknownKeys = ["colour", "Name", "NAME", "\"name \"", "names", "spec2", "\"\"", "\"\\u00e9\"", "\"..\"", "caas2", "metadata", "apiVersion", "kind", "? [complex, key]", "1", "~", "\"\\0\"", "<<"];

    private static readonly string[] BadCaas =
    [
        "\n  replicas: many", "\n  replicas: -1", "\n  replicas: 1e30", "\n  replicas: 99999999999999999999999", "\n  replicas: [1]", "\n  replicas: 2.5",
        "\n  autoscale: { min: 5, max: 2 }", "\n  autoscale: { min: -1, max: 0 }", "\n  autoscale: { min: x, max: y, targetInFlight: -3 }", "\n  autoscale: [1, 2]", "\n  autoscale: 3",
        "\n  resources: { cpu: lots, memory: 256Zi }", "\n  resources: { cpu: -500m, memory: -1 }", "\n  resources: { cpu: 1e999, memory: \"\" }", "\n  resources: cpu",
        "\n  env: { \"1BAD\": x }", "\n  env: { \"\": x }", "\n  env: { A: [1] }", "\n  env: { A: { b: c } }", "\n  env: { \"A=B\": x, \"A\\u0000\": y }", "\n  env: [A, B]",
        "\n  raw: [../../canary/secret.yaml]", "\n  raw: [/etc/passwd]", "\n  raw: [\"../../../../../../etc/shadow\"]", "\n  raw: [missing.yaml]", "\n  raw: [\"\"]", "\n  raw: [[a]]", "\n  raw: x",
        "\n  patches: [../canary/patch.yaml]", "\n  patches: [/proc/self/environ]", "\n  patches: [{ a: b }]", "\n  patches: 7",
        "\n  unknown: 1", " 12", " [a]", " \"caas\"", "\n  replicas: 2\n  replicas: 3", "\n  volumes: [/etc]",
    ];

    private static readonly Dictionary<string, string[]> BadSpecs = new(StringComparer.Ordinal)
    {
        ["functions"] =
        [
            "\n  timeoutSeconds: 30", "\n  handler: 12", "\n  handler: \"\"", "\n  handler: \"not a class\"", "\n  handler: [A.B]", "\n  handler: A.B\n  timeoutSeconds: 0",
            "\n  handler: A.B\n  timeoutSeconds: 9999", "\n  handler: A.B\n  timeoutSeconds: x", "\n  handler: A.B\n  timeoutSeconds: 1e400", "\n  handler: A.B\n  timeoutSeconds: 99999999999999999999999999",
            "\n  handler: A.B\n  mode: turbo", "\n  handler: A.B\n  mode: pool", "\n  handler: A.B\n  schedule: every minute", "\n  handler: A.B\n  schedule: \"61 * * * *\"", "\n  handler: A.B\n  schedule: 5",
            "\n  handler: A.B\n  pool: other", "\n  handler: A.B\n  mode: shared\n  pool: \"../x\"", "\n  handler: A.B\n  memory: 1Gi", "\n  mode: pool\n  handler: A.B", "\n  handler: A.B\n  timeoutSeconds: -5",
        ],
        ["simulation"] =
        [
            "\n  parameters: 3", "\n  parameters: { alpha: { type: complex } }", "\n  parameters: { alpha: { type: number, min: 10, max: 1 } }", "\n  parameters: { alpha: { type: integer, default: x } }",
            "\n  parameters: { alpha: { type: string, values: [] } }", "\n  parameters: { \"\": { type: number } }", "\n  parameters: { alpha: { type: number } }\n  run: { parameters: { beta: 1 } }",
            "\n  parameters: { alpha: { type: number, min: 0, max: 1 } }\n  run: { parameters: { alpha: 5 } }", "\n  parameters: { alpha: { type: number } }\n  run: { sweep: { grid: { alpha: [] } } }",
            "\n  parameters: { alpha: { type: number } }\n  run: { sweep: { random: { count: -1 } } }", "\n  parameters: { alpha: { type: number } }\n  run: { sweep: { random: { count: 99999999999 } } }",
            "\n  parameters: { alpha: { type: number } }\n  run: { parallelism: 0 }", "\n  parameters: { alpha: { type: number } }\n  run: { parallelism: 1e9 }", "\n  parameters: { alpha: { type: number } }\n  run: [1, 2]",
            "\n  parameters: { alpha: { type: number } }\n  run: { sweep: { grid: { alpha: [1, 2] }, random: { count: 2 } } }", "\n  run: { parameters: { alpha: 1 } }", "\n  parameters: []",
            "\n  parameters: { alpha: { type: number, min: .nan, max: .inf } }", "\n  parameters: { alpha: { type: number } }\n  run: { sweep: { grid: { alpha: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32] , beta: [1, 2] } } }",
        ],
        ["mobile"] =
        [
            "\n  collections: 3", "\n  collections: { todos: { fields: { title: { type: rocket } } } }", "\n  collections: { \"Bad Name\": { fields: { a: string } } }", "\n  collections: { todos: { fields: {} } }",
            "\n  collections: { todos: { fields: { a: string }, indexes: [nope] } }", "\n  collections: { todos: { fields: { a: string }, access: everyone } }", "\n  collections: { todos: { fields: { a: { type: string, maxLength: -1 } } } }",
            "\n  collections: { todos: { fields: { a: string } } }\n  files: { maxBytes: -5 }", "\n  collections: { todos: { fields: { a: string } } }\n  files: { types: [\"not a type\"] }", "\n  collections: []",
            "\n  collections: { todos: { fields: { a: string }, access: { read: [nobody], write: 3 } } }", "\n  collections: { todos: { fields: { \"\": string } } }", "\n  files: { maxBytes: 1e400 }",
            "\n  collections: { todos: { fields: { id: string } } }", "\n  collections: { todos: { fields: { a: \"string[][]\" } } }", "\n  push: { key: 1 }",
        ],
        ["web"] = ["\n  appDirectory: /nonexistent", "\n  appDirectory: \"../../..\"", "\n  replicas: many", "\n  appDirectory: 12\n  replicas: 1e99", "\n  appDirectory: [a]", "\n  greeting: hi"],
        ["other-yaml"] = ["\n  sizes: 3", "\n  other: 1", " 5", "\n  size: *undefined"],
    };

    private static readonly (string Name, Func<Manifest, Random, string?> Mutate)[] Mutations =
    [
        ("drop-key", (m, r) => { var k = Pick(r, ["name", "vertical", "spec"]); m.Entries.RemoveAll(e => e.Key == k); return k; }),
        ("unknown-key", (m, r) => { var k = Pick(r, UnknownKeys); m.Entries.Insert(r.Next(m.Entries.Count + 1), (k, Pick(r, ["1", "x", "[a]", "{a: b}", "~"]))); return k; }),
        ("duplicate-key", (m, r) => { var e = m.Entries[r.Next(m.Entries.Count)]; m.Entries.Add(e); return e.Key; }),
        ("bad-name", (m, r) => { var v = Pick(r, BadScalars); m.Set("name", v); return Short(v); }),
        ("bad-vertical", (m, r) => { var v = Pick(r, BadVerticals); m.Set("vertical", v); return Short(v); }),
        ("spec-type", (m, r) => { var v = Pick(r, [" 1", " x", " [a, b]", " true", " \"spec\"", " !!binary aGk=", " [[[]]]", " 1e400", " &s [*s]"]); m.Set("spec", v); return v.Trim(); }),
        ("bad-spec", (m, r) => { var vertical = m.Entries.FirstOrDefault(e => e.Key == "vertical").Value ?? "functions"; var specs = BadSpecs.GetValueOrDefault(vertical) ?? BadSpecs["functions"]; var v = Pick(r, specs); m.Set("spec", v); return Short(v); }),
        ("bad-caas", (m, r) => { var v = Pick(r, BadCaas); m.Set("caas", v); return Short(v); }),
        ("deep-nesting", (m, r) => { var depth = Pick(r, ["65", "100", "300", "1000"]); m.Set("spec", "\n  deep: " + Nest(int.Parse(depth, System.Globalization.CultureInfo.InvariantCulture), r.Next(3))); return depth; }),
        ("alias-bomb", (m, r) => { var levels = 6 + r.Next(7); m.Set(Pick(r, ["spec", "spec", "caas", "name"]), "\n" + Laughs(levels, 9 + r.Next(2))); return levels.ToString(System.Globalization.CultureInfo.InvariantCulture); }),
        ("huge-string", (m, r) => { var size = Pick(r, ["70000", "70000", "1000000"]); var v = new string(Pick(r, ["a", "é", "\\u0000"])[0], int.Parse(size, System.Globalization.CultureInfo.InvariantCulture)); m.Set(Pick(r, ["name", "vertical", "spec"]), "\"" + v + "\""); return size; }),
        ("huge-key-count", (m, r) => { var n = 1000 + r.Next(4000); m.Set("spec", string.Concat(Enumerable.Range(0, n).Select(i => $"\n  k{i}: {i}"))); return n.ToString(System.Globalization.CultureInfo.InvariantCulture); }),
        ("unicode", (m, r) => { var v = Pick(r, ["\"h\u00e9llo\"", "h\u0435llo", "\"\u202Eolleh\"", "\"hel\u200Blo\"", "\uD83D\uDE00", "\"\uFFFE\"", "\"\\uD800\"", "\u0660\u0661", "\uFF48\uFF45\uFF4C\uFF4C\uFF4F"]); m.Set(Pick(r, ["name", "vertical"]), v); return Short(v); }),
        ("control-chars", (m, r) => { var c = (char)new[] { 1, 7, 8, 11, 12, 27, 127, 0x85, 0x2028 }[r.Next(9)]; m.Set(Pick(r, ["name", "vertical"]), "hel" + c + "lo"); return ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture); }),
        ("tabs", (m, r) => { m.Set("spec", "\n\thandler: A.B\n\ttimeoutSeconds: 3"); return null; }),
        ("bad-indent", (m, r) => { m.Set("spec", "\n  handler: A.B\n    timeoutSeconds: 3\n timeoutSeconds: 4"); return null; }),
        ("prefix", (m, r) => { var p = Pick(r, ["%YAML 9.9\n---\n", "%TAG ! tag:evil.com,2000:\n---\n", "---\n", "--- !!map\n", "\uFEFF", "\uFEFF\uFEFF", "# only a comment\n", "...\n", "- item\n", "? x\n", "&root\n", "!!set\n", "--- |\n  literal\n---\n", "%YAML 1.1\n%YAML 1.1\n---\n"]); m.Prefix = p + m.Prefix; return Short(p); }),
        ("merge-key", (m, r) => { m.Set("spec", "\n  <<: *undefined"); m.Entries.Insert(0, ("base", " &base { handler: A.B }")); return null; }),
        ("recursive-alias", (m, r) => { m.Set(Pick(r, ["spec", "caas", "name"]), Pick(r, [" &a [*a]", " &a { x: *a }", "\n  a: &a\n    b: *a"])); return null; }),
        ("tagged", (m, r) => { var v = Pick(r, [" !!python/object/apply:os.system ['id']", " !!map { a: b }", " !!seq [a]", " !custom { a: 1 }", " !!timestamp 2026-99-99", " !!float x", " !!int 1.5", " !!bool maybe", " !<tag:yaml.org,2002:str> x"]); m.Set(Pick(r, ["name", "vertical", "spec", "caas"]), v); return v.Trim(); }),
    ];

    private static readonly (string Name, Func<byte[], Random, byte[]> Corrupt)[] Corruptions =
    [
        ("truncate", (b, r) => b[..r.Next(b.Length + 1)]),
        ("byte-flip", (b, r) => { var c = (byte[])b.Clone(); for (var i = 0; i < 1 + r.Next(4) && c.Length > 0; i++) { c[r.Next(c.Length)] = (byte)r.Next(256); } return c; }),
        ("insert-specials", (b, r) => { var s = new List<byte>(b); for (var i = 0; i < 1 + r.Next(4); i++) { s.Insert(r.Next(s.Count + 1), (byte)"\t\0\r{}[]\"':&*!%@`|>#-?,"[r.Next(21)]); } return [.. s]; }),
        ("invalid-utf8", (b, r) => [.. b, 0xC0, 0xAE, 0xFF, 0xFE, 0xED, 0xA0, 0x80]),
        ("utf16", (b, r) => Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(b))),
        ("utf32", (b, r) => Encoding.UTF32.GetBytes(Encoding.UTF8.GetString(b))),
        ("crlf-mixed", (b, r) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\n", r.Next(2) == 0 ? "\r" : "\r\r\n", StringComparison.Ordinal))),
    ];

    /// <summary>The handcrafted ones: syntax errors and empty files that random mutation would rarely hit.</summary>
    private static IEnumerable<(string Label, byte[] Yaml)> Handcrafted(IReadOnlyList<(string Vertical, string Spec)> bases)
    {
        string[] texts =
        [
            "", " ", "\n\n", "# comment only", "---", "---\n---", "...", "~", "null", "42", "\"a string\"", "[name, vertical]", "- name: hello\n- vertical: functions",
            "name: hello\nvertical: functions\nspec: {handler: A.B", "name: 'hello\nvertical: functions", "name: \"hello\nvertical: functions", "name: hello\nvertical: [functions",
            "name: hello\n  vertical: functions", "name: hello\nvertical: functions\nspec:\n  handler: A.B\n timeoutSeconds: 3", "name: hello\nname: hello\nvertical: functions",
            "name: hello\nvertical: functions\n---\nname: hello\nvertical: functions", "name hello\nvertical functions", "name: hello: world\nvertical: functions", "name: *x\nvertical: functions",
            "name: &x hello\nvertical: &x functions\nspec: *x", "{name: hello, vertical: functions, spec: {handler: A.B}}}", "name: @hello\nvertical: functions", "name: `hello`\nvertical: functions",
            "name: |\n  hello\nvertical: functions", "%YAML 2.0\n---\nname: hello", "%FOO bar\n---\nname: hello", "!!binary |\n  aGVsbG8=", "? name\n: hello\n? vertical\n: functions\n? [a]\n: b",
            "name: hello\nvertical: functions\nspec: &a\n  x: *a", "name:\thello\nvertical:\tfunctions", "\tname: hello", "name: hello\r\nvertical: functions\rspec: x",
        ];
        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
        {
            yield return ($"handcrafted-{i}({Short(text)})", Encoding.UTF8.GetBytes(text));
        }

        yield return ("binary-garbage", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 256))]);
        yield return ("nul-bytes", new byte[1024]);
        yield return ("gzip-as-yaml", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);
        foreach (var (vertical, spec) in bases)
        {
            // The valid base itself, refused only by the guard name: every vertical's spec validation runs on a good spec too.
            yield return ($"{vertical}-base", new Manifest(vertical, spec).Render());
        }
    }

    private static string Nest(int depth, int style) => style switch
    {
        0 => new string('[', depth) + new string(']', depth),
        1 => string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth),
        _ => string.Concat(Enumerable.Range(0, Math.Min(depth, 300)).Select(i => "\n" + new string(' ', 4 + (i * 2)) + "a:")) + " 1",
    };

    /// <summary>"Billion laughs": each level a list of <paramref name="width"/> aliases to the level below.</summary>
    private static string Laughs(int levels, int width)
    {
        var text = new StringBuilder("  l0: &l0 lol\n");
        for (var level = 1; level <= levels; level++)
        {
            text.Append($"  l{level}: &l{level} [").AppendJoin(", ", Enumerable.Repeat($"*l{level - 1}", width)).Append("]\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Short(string text) => BadInputRunner.Shorten(text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal));
}
