using System.Text;

namespace Strata.Server.Tests.BadInput;

/// <summary>
/// Malformed bodies for every POST endpoint of <c>/api</c> and of the bundled verticals' APIs: per-field wrong
/// values (each body has at least one field no request may carry), malformed JSON, wrong content types,
/// empty and oversized bodies. Where a body could be valid, it goes to an app that does not exist.
/// </summary>
internal static class BadBodies
{
    /// <summary>Beyond Kestrel's default request body limit (30,000,000 bytes).</summary>
    public const int OversizedBytes = 31_000_000;

    /// <summary>A field: values no request may carry, and values that may appear beside an invalid one (JSON text; "" omits the field).</summary>
    private sealed record Field(string Name, string[] Invalid, string[] Other);

    private sealed record Endpoint(string Label, string[] Paths, Field[] Fields, bool ReadsBody = true);

    /// <summary>JSON strings that are no DNS label, and wrong JSON types.</summary>
    private static readonly string[] BadNames =
    [
        "null", "\"\"", "\" \"", "\"Hello\"", "\"hello_world\"", "\"-hello\"", "\"hello-\"", $"\"{new string('a', 64)}\"", $"\"{new string('a', 5000)}\"", "\"..\"", "\"../x\"", "\"a/b\"",
        "\"%2e%2e%2f\"", "\"\\u00e9t\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\u202ehello\"", "\"hel\\u200blo\"", "\"a\\u0000b\"", "\"a\\nb\"", "\"\\ud800\"", "\"con\"", "\"api\"", "1", "-1", "1e400",
        "true", "[]", "[\"hello\"]", "{}", "{\"name\":\"hello\"}", "0.5", "\"hello world\"", "\"hello.world\"", "\"HELLO\"",
    ];

    private static readonly string[] BadVerticals = ["null", "\"\"", "\"nope\"", "\"FUNCTIONS\"", "\"functions \"", "\"../functions\"", "\"functions/x\"", "\"throws-in-configure\"", "\"incompatible\"", "1", "[]", "{}", "true", $"\"{new string('v', 3000)}\""];

    private static Endpoint[] Endpoints(string root, string data) =>
    [
        new("apps-create", ["/api/apps"],
        [
            new("name", BadNames, ["\"exists-app\"", "\"ok-app\"", ""]),
            new("vertical", BadVerticals, ["\"functions\"", "\"web\"", "\"simulation\"", ""]),
        ]),
        new("apps-deploy-json", [$"/api/apps/{BadManifests.GuardApp}/deploy", "/api/apps/no-such-app/deploy"],
        [
            new("path", [
                "null", "\"\"", "\"   \"", "\"relative/dir\"", "\"../..\"", "\"/nonexistent/x\"", "\"/etc/passwd\"", "\"/\"", "\"/proc\"", "\"/proc/self\"", "\"/dev/null\"", Json(root), Json(data),
                Json(Path.Combine(data, "staging")), Json(Path.Combine(data, "staging", "..", "..")), Json(Path.Combine(root, "inputs", "empty")), Json(Path.Combine(root, "canary")),
                "\"\\u0000\"", "\"/tmp/\\u0000x\"", "5", "[]", "{}", "true", $"\"/{string.Concat(Enumerable.Repeat("a/", 3000))}\"", $"\"/{new string('a', 300)}\"", "\"~\"", "\"file:///etc\"", "\"\\\\\\\\server\\\\share\"",
            ], [""]),
            new("runtime", ["\"docker\"", "\"\"", "\"LOCAL\"", "\"kubernetes\"", "1", "[]", "{}", "\"../local\""], ["", "null", "\"local\""]),
            new("spec", ["1", "\"x\"", "[]", "true", "\"{}\""], ["", "null", "{}", "{\"run\":{}}", "{\"handler\":null}"]),
        ]),
        new("apps-rollback", ["/api/apps/web-serving/rollback", "/api/apps/no-such-app/rollback"],
        [
            new("revision", ["null", "0", "-1", "2", "999", "2147483647", "2147483648", "-2147483649", "1e3", "1.5", "1e400", "\"x\"", "\"\"", "\"2\"", "\"0x1\"", "[]", "[1]", "{}", "true", ""], []),
        ]),
        new("verticals-new", ["/api/verticals/functions/new", "/api/verticals/simulation/new", "/api/verticals/mobile/new", "/api/verticals/web/new", "/api/verticals/other-yaml/new", "/api/verticals/nope/new", "/api/verticals/throws-in-configure/new"],
        [
            new("app", BadNames, ["\"ok-app\""]),
            new("template", ["\"nope\"", "\"../http\"", "\"\"", "\"HTTP\"", "\"http/../timer\"", "1", "[]", "{}", "true"], ["", "null", "\"http\"", "\"heat\"", "\"todo\""]),
            new("options", ["1", "\"x\"", "[]", "{\"a\":1}", "{\"a\":{}}", "{\"a\":[]}", "true"], ["", "null", "{}", "{\"k\":\"v\"}", "{\"../x\":\"y\"}", "{\"a\":\"{{ 1/0 }}\"}", "{\"namespace\":\"../../x\"}"]),
        ]),
        new("plugins-add", ["/api/plugins"],
        [
            new("id", ["null", "\"\"", "\"../x\"", "\"a/b\"", "\".hidden\"", "\"a..b\"", $"\"{new string('x', 101)}\"", "\"\\u00fcn\\u00ef\"", "1", "[]", "{}", "\"C:\\\\x\"", "\"a b\"", "\"a\\u0000\""],
                ["\"Acme.Missing\"", "\"Junk.NotZip\"", "\"Junk.NoNuspec\"", "\"Junk.BadNuspec\"", "\"Junk.ZipSlip\"", "\"Junk.Empty\""]),
            new("version", ["1", "[]", "{}", "true"], ["", "null", "\"1.0.0\"", "\"*\"", "\"../..\"", "\"99999999999999999999.0\"", "\"\"", "\"1.0.0-\\u0000\""]),
            new("source", ["\"https://api.nuget.org/v3/index.json\"", "\"http://127.0.0.1:9/index.json\"", "\"/etc\"", "\"relative\"", "\"file:///etc\"", "1", "[]"], ["", "null", "\"\"", Json(Path.Combine(root, "feed"))]),
        ]),
        new("plugins-update", ["/api/plugins/Acme.Missing/update", "/api/plugins/Junk.NotZip/update", "/api/plugins/Strata.Fixtures.WebVertical/update", "/api/plugins/..%2f..%2fx/update"],
        [
            new("version", ["1", "[]", "{}", "true"], ["", "null", "\"1.0.0\"", "\"*\""]),
            new("source", ["\"https://api.nuget.org/v3/index.json\"", "\"/etc\"", "1", "[]"], ["", "null", Json(Path.Combine(root, "feed"))]),
        ]),
        new("jobs-cancel", ["/api/apps/web-serving/jobs/run/cancel", "/api/apps/no-such-app/jobs/run/cancel", "/api/apps/web-serving/jobs/..%2f..%2fx/cancel"],
            [new("job", ["1", "null"], ["\"x\""])], ReadsBody: false),
        new("functions-invoke", [$"/v/functions/{BadManifests.GuardApp}/invoke", "/v/functions/web-serving/invoke"],
            [new("input", ["1", "null", "[]", "\"x\""], ["", "{}"])], ReadsBody: false),
        new("simulation-runs", [$"/v/simulation/{BadManifests.GuardApp}/runs", "/v/simulation/web-serving/runs"],
        [
            new("parameters", ["1", "\"x\"", "[]", "{\"alpha\":\"hot\"}", "{\"alpha\":1e400}"], ["", "null", "{}", "{\"alpha\":1}"]),
            new("sweep", ["1", "[]", "{\"grid\":1}", "{\"random\":{\"count\":-1}}", "{\"grid\":{},\"random\":{}}"], ["", "null"]),
            new("parallelism", ["0", "-1", "1e9", "\"two\"", "[]"], ["", "2"]),
        ]),
        new("simulation-cancel", [$"/v/simulation/{BadManifests.GuardApp}/runs/run-1/cancel", "/v/simulation/no-such-app/runs/run-x/cancel"],
            [new("reason", ["1", "null"], ["\"x\""])], ReadsBody: false),
    ];

    /// <summary>Whole bodies that are no JSON object of the request, or no JSON at all.</summary>
    private static readonly string[] Malformed =
    [
        "", " ", "\n", "{", "}", "[", "]", "[]", "[{}]", "null", "true", "0", "-0", "1e400", "\"a string\"", "{\"a\":}", "{'name':'x'}", "{name: \"x\"}", "{\"name\":\"Bad_Name\",}",
        "{\"name\":\"Bad_Name\"} trailing", "// comment\n{}", "/* c */ {\"name\": 1}", "{\"name\":NaN}", "{\"name\":Infinity}", "{\"name\":-Infinity}", "\uFEFF{\"name\":1}",
        "{\"name\":\"ok\",\"name\":\"Bad_Name\",\"vertical\":1,\"revision\":\"x\",\"id\":\"../x\"}", "{\"a\":\"\\uD800\"}", "{\"a\":\"\\x41\"}", "{\"a\":\"\t\"}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}",
        "{\"a\":123456789012345678901234567890123456789}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\" \"b\"}", "{\"a\":[1,2}", "{\"a\":{\"b\":[}}", "\"unterminated", "{\"\\u0000\":1}",
        string.Concat(Enumerable.Repeat("[", 1000)) + string.Concat(Enumerable.Repeat("]", 1000)), string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200),
        string.Concat(Enumerable.Repeat("[", 100_000)), "[" + string.Join(",", Enumerable.Repeat("{}", 100_000)) + "]",
        "{" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"\"k{i}\":{i}")) + "}", "<xml/>", "name=x&vertical=functions", "--boundary\r\n\r\n--boundary--",
    ];

    private static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "application/json; charset=utf-16", "application/json; charset=nope",
        "application/json;;;", "application/", "/json", "application/json-patch+json", "text/json", "application/problem+json", "*/*", "application/gzip", "application/octet-stream",
        "application/x-tar", "application/zip", "image/png", "application/json\u0000",
    ];

    public static IEnumerable<BadInputCase> Generate(string root, string data, int randomPerEndpoint, int seed)
    {
        var random = new Random(seed);
        foreach (var endpoint in Endpoints(root, data))
        {
            var category = "body:" + endpoint.Label;
            string PathOf() => endpoint.Paths[random.Next(endpoint.Paths.Length)];

            // Each invalid value of each field once, beside random other fields.
            foreach (var field in endpoint.Fields)
            {
                foreach (var value in field.Invalid)
                {
                    var body = Body(endpoint, random, (field, value));
                    yield return BadInputCase.PostJson(category, $"{field.Name}={Short(value)}: {Short(body)}", PathOf(), body);
                }
            }

            for (var i = 0; i < randomPerEndpoint; i++)
            {
                var field = endpoint.Fields[random.Next(endpoint.Fields.Length)];
                var value = field.Invalid[random.Next(field.Invalid.Length)];
                var body = Body(endpoint, random, (field, value));
                yield return BadInputCase.PostJson(category, $"random {field.Name}={Short(value)}: {Short(body)}", PathOf(), body);
            }

            foreach (var text in Malformed)
            {
                yield return BadInputCase.PostJson(category, "malformed: " + Short(text), PathOf(), text);
            }

            yield return new BadInputCase(category, "malformed: invalid UTF-8", HttpMethod.Post, PathOf(), BadInputCase.Bytes([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAE, 0xFF, 0x22, 0x7D], "application/json"));
            yield return new BadInputCase(category, "malformed: UTF-16 body", HttpMethod.Post, PathOf(), BadInputCase.Bytes(Encoding.Unicode.GetBytes("{\"name\":\"Bad_Name\"}"), "application/json"));
            yield return new BadInputCase(category, "empty body, no Content-Type", HttpMethod.Post, PathOf());

            var invalid = Body(endpoint, random, (endpoint.Fields[0], endpoint.Fields[0].Invalid[0]));
            foreach (var type in ContentTypes)
            {
                var path = PathOf();
                yield return new BadInputCase(category, $"Content-Type {type ?? "(none)"}: {Short(invalid)}", HttpMethod.Post, path, BadInputCase.Text(invalid, type))
                {
                    ServerRefuses = BadInputCase.Refused(path, type),
                };
            }

            if (endpoint.ReadsBody)
            {
                var field = endpoint.Fields[0];
                yield return new BadInputCase(category, $"oversized: {field.Name} of {OversizedBytes} bytes", HttpMethod.Post, PathOf(), () => Oversized(field.Name));
                yield return BadInputCase.PostJson(category, $"large: {field.Name} of 2 MB", PathOf(), $"{{\"{field.Name}\":\"{new string('x', 2_000_000)}\"}}");
            }
        }
    }

    /// <summary>Spec changes (<c>{"spec"}</c> deploys) of the serving web app: each sets an appDirectory the web vertical refuses.</summary>
    public static IEnumerable<BadInputCase> SpecEdits(string app, int count, int seed)
    {
        var random = new Random(seed);
        string[] directories = ["null", "\"\"", "\"/nonexistent\"", "\"../../..\"", "12", "[]", "{}", "true", "\"\\u0000\"", $"\"{new string('d', 5000)}\"", "\"\\ud800\"", "\"C:\\\\\"", "\"~/x\"", "1e400"];
        string[] others =
        [
            "\"replicas\":\"many\"", "\"replicas\":-1", "\"replicas\":1e400", "\"replicas\":99999999999999999999", "\"greeting\":\"\\u0000\"", "\"greeting\":\"\\t\\r\\n\"", "\"greeting\":\"\\/\"",
            "\"greeting\":\"\\ud83d\\ude00\"", "\"greeting\":\"a: b\"", "\"greeting\":\"- x\"", "\"greeting\":\"&a *a\"", "\"greeting\":\"!!binary aGk=\"", "\"greeting\":\"{{\"", "\"greeting\":\"---\"",
            "\"greeting\":\"...\"", "\"greeting\":\"%YAML\"", "\"greeting\":\"#\"", "\"greeting\":null", "\"failReady\":{\"a\":[1,{\"b\":null}]}", "\"\":1", "\"a b\":2", "\"\\u0000\":3", "\"-\":4", "\"?\":5",
            "\"&x\":6", "\"*x\":7", "\"spec\":{}", "\"name\":\"other\"", "\"vertical\":\"functions\"", "\"k\":" + string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)),
            "\"k\":\"" + new string('x', 100_000) + "\"", "\"k\":1.7976931348623157e308", "\"k\":-0", "\"k\":1E-400", "\"k\":\"\\u2028\\u2029\"", "\"k\":\"\\u0085\"", "\"k\":\"\\ufeff\"",
            "\"replicas\":\"2\\n  appDirectory: /x\"", "\"greeting\":\"x\\nname: evil\"", "\"k\":\"\\\"\"", "\"k\":\"'\"", "\"k\":\"\\\\\"",
        ];
        for (var i = 0; i < count; i++)
        {
            // The refused appDirectory comes last: nothing before it sets one, and it is what makes every change invalid.
            var parts = Enumerable.Range(0, random.Next(4)).Select(_ => others[random.Next(others.Length)]).ToList();
            parts.Add("\"appDirectory\":" + directories[random.Next(directories.Length)]);
            var spec = "{" + string.Join(",", parts) + "}";
            var body = random.Next(10) == 0 ? $"{{\"spec\":{spec},\"path\":null,\"runtime\":\"local\"}}" : $"{{\"spec\":{spec}}}";
            yield return BadInputCase.PostJson("manifest:spec-edit", Short(body), $"/api/apps/{app}/deploy", body);
        }

        foreach (var spec in new[] { "1", "\"x\"", "[]", "true", "[{\"appDirectory\":\"/x\"}]", "\"{}\"" })
        {
            yield return BadInputCase.PostJson("manifest:spec-edit", "spec not an object: " + spec, $"/api/apps/{app}/deploy", $"{{\"spec\":{spec}}}");
        }
    }

    private static string Body(Endpoint endpoint, Random random, (Field Field, string Value) invalid)
    {
        var parts = new List<string>();
        foreach (var field in endpoint.Fields)
        {
            var value = field == invalid.Field
                ? invalid.Value
                : random.Next(3) == 0 && field.Invalid.Length > 0 ? field.Invalid[random.Next(field.Invalid.Length)]
                : field.Other.Length > 0 ? field.Other[random.Next(field.Other.Length)] : "";
            if (value.Length > 0)
            {
                parts.Add($"\"{field.Name}\":{value}");
            }
        }

        return "{" + string.Join(",", parts) + "}";
    }

    private static HttpContent Oversized(string field)
    {
        var bytes = new byte[OversizedBytes];
        bytes.AsSpan().Fill((byte)'x');
        var head = Encoding.UTF8.GetBytes($"{{\"{field}\":\"");
        head.CopyTo(bytes, 0);
        "\"}"u8.CopyTo(bytes.AsSpan(bytes.Length - 2));
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string Short(string text) => BadInputRunner.Shorten(text.Replace("\n", "\\n", StringComparison.Ordinal));
}
