using System.Text.Json;
using Strata.Core.Manifest;
using Strata.Validation;

namespace Strata.Core.Tests.Manifest;

public sealed class AppManifestParserTests
{
    // The example of DESIGN.md, comments included.
    private const string DesignExample = """
        name: hello                  # DNS-safe app name, unique within its vertical
        vertical: functions          # the vertical that maps this app
        spec:                        # vertical-specific; validated by the vertical, errors carry paths
          handler: Hello.Function
          timeoutSeconds: 30
        caas:                        # optional; shared by all verticals; overrides what the vertical maps
          replicas: 2
          autoscale: { min: 0, max: 5, targetInFlight: 10 }
          resources: { cpu: 500m, memory: 256Mi }
          env: { GREETING: hi }
          raw: [k8s/extra.yaml]      # drop-down to raw CaaS (Kubernetes runtime only)
          patches: [k8s/patch.yaml]
        """;

    [Fact]
    public void Parses_the_design_example()
    {
        var result = AppManifestParser.Parse(DesignExample);

        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
        var manifest = result.Manifest!;
        Assert.Equal("hello", manifest.Name);
        Assert.Equal("functions", manifest.Vertical);
        Assert.Equal("""{"handler":"Hello.Function","timeoutSeconds":30}""", JsonSerializer.Serialize(manifest.Spec));
        Assert.Equal(30, manifest.Spec.GetProperty("timeoutSeconds").GetInt32());

        var caas = manifest.Caas;
        Assert.Equal(2, caas.Replicas);
        Assert.Equal(0, caas.Autoscale!.Min);
        Assert.Equal(5, caas.Autoscale.Max);
        Assert.Equal(10, caas.Autoscale.TargetInFlight);
        Assert.Equal(300, caas.Autoscale.ScaleToZeroAfterSeconds);
        Assert.Equal("500m", caas.Resources!.Cpu);
        Assert.Equal("256Mi", caas.Resources.Memory);
        Assert.Null(caas.Resources.CpuLimit);
        Assert.Equal(new Dictionary<string, string> { ["GREETING"] = "hi" }, caas.Env);
        Assert.Equal(["k8s/extra.yaml"], caas.Raw);
        Assert.Equal(["k8s/patch.yaml"], caas.Patches);
    }

    [Fact]
    public void Parses_a_minimal_manifest_with_defaults()
    {
        var result = AppManifestParser.Parse("name: hello\nvertical: functions\n");

        Assert.True(result.IsValid);
        Assert.Equal(JsonValueKind.Undefined, result.Manifest!.Spec.ValueKind);
        Assert.Null(result.Manifest.Caas.Replicas);
        Assert.Empty(result.Manifest.Caas.Env);
    }

    [Fact]
    public void Reports_every_problem_with_its_path()
    {
        const string yaml = """
            name: Hello_World
            vertical: 3d
            foo: bar
            spec: [1, 2]
            caas:
              replicas: 150
              autoscale: { min: 7, max: 5, targetInFlight: 0, scaleToZeroAfterSeconds: 0 }
              resources: { cpu: lots, memory: 256Mi, memoryLimit: -1Gi }
              env: { MY_VAR: { nested: true }, 1BAD: x, OK: 1 }
              raw: [ok.yaml, ../outside.yaml, /etc/passwd]
              patches: k8s/patch.yaml
              extra: 1
            """;

        var result = AppManifestParser.Parse(yaml);

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                "name", "vertical", "foo", "spec", "caas.replicas",
                "caas.autoscale.targetInFlight", "caas.autoscale.scaleToZeroAfterSeconds", "caas.autoscale.min",
                "caas.resources.cpu", "caas.resources.memoryLimit",
                "caas.env.MY_VAR", "caas.env.1BAD",
                "caas.raw[1]", "caas.raw[2]", "caas.patches", "caas.extra",
            ],
            result.Problems.Select(p => p.Path));
        Assert.Equal(
            "'Hello_World' is not DNS-safe: use lower-case letters, digits and '-', starting with a letter (try 'hello-world')",
            Message(result, "name"));
        Assert.Equal("unknown key 'foo'; expected one of name, vertical, spec, caas", Message(result, "foo"));
        Assert.Equal("expected an integer from 0 to 100, got 150", Message(result, "caas.replicas"));
        Assert.Equal("min (7) must not be greater than max (5)", Message(result, "caas.autoscale.min"));
        Assert.Contains("expected a mapping", Message(result, "spec"), StringComparison.Ordinal);
        Assert.Contains("expected a list", Message(result, "caas.patches"), StringComparison.Ordinal);
        Assert.Contains("'lots'", Message(result, "caas.resources.cpu"), StringComparison.Ordinal);
        Assert.Contains("'..'", Message(result, "caas.raw[1]"), StringComparison.Ordinal);
        Assert.Contains("absolute path", Message(result, "caas.raw[2]"), StringComparison.Ordinal);
        Assert.Equal("unknown key 'extra'; expected one of replicas, autoscale, resources, env, uses, raw, patches", Message(result, "caas.extra"));
    }

    [Fact]
    public void Still_returns_the_manifest_when_only_other_fields_are_wrong()
    {
        var result = AppManifestParser.Parse("name: hello\nvertical: functions\ncaas:\n  replicas: many\n");

        Assert.False(result.IsValid);
        Assert.Equal("hello", result.Manifest?.Name);
        Assert.Null(result.Manifest!.Caas.Replicas);
        Assert.Equal("caas.replicas", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public void Requires_name_and_vertical()
    {
        var result = AppManifestParser.Parse("spec:\n  a: 1\n");

        Assert.Null(result.Manifest);
        Assert.Equal(["name", "vertical"], result.Problems.Select(p => p.Path));
    }

    [Theory]
    [InlineData("name:\nvertical: functions\n", "name", "name is required and must not be empty")]
    [InlineData("name: [a]\nvertical: functions\n", "name", "expected a DNS-safe name, got a list")]
    [InlineData("name: true\nvertical: functions\n", "name", "expected a DNS-safe name, got the boolean 'true'")]
    [InlineData("name: hello\nvertical: functions\ncaas: 3\n", "caas", "expected a mapping (the CaaS overrides), got the number '3'")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  autoscale: { max: 3 }\n", "caas.autoscale.min", "min is required when autoscale is set")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  autoscale: { min: 0, max: 0 }\n", "caas.autoscale.max", "expected an integer of at least 1, got 0")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  autoscale: { min: 1, max: 2, burst: 3 }\n", "caas.autoscale.burst", "unknown key 'burst'; expected one of min, max, targetInFlight, scaleToZeroAfterSeconds")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  replicas: 1.5\n", "caas.replicas", "expected an integer from 0 to 100, got the number '1.5'")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  replicas: '2'\n", "caas.replicas", "expected an integer from 0 to 100, got '2'")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  env: [A]\n", "caas.env", "expected a mapping (environment variable names to values), got a list")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  env: { MY-VAR: x }\n", "caas.env.MY-VAR", "'MY-VAR' is not a valid environment variable name: use letters, digits and '_', not starting with a digit (e.g. 'MY_SETTING')")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  resources: { gpu: 1 }\n", "caas.resources.gpu", "unknown key 'gpu'; expected one of cpu, memory, cpuLimit, memoryLimit")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  patches: ['C:\\x.yaml']\n", "caas.patches[0]", "'C:\\x.yaml' is an absolute path; use a path relative to the app folder, e.g. k8s/extra.yaml")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  raw: ['a\\..\\..\\b.yaml']\n", "caas.raw[0]", "'a\\..\\..\\b.yaml' leaves the app folder ('..'); use a path inside it, e.g. k8s/extra.yaml")]
    [InlineData("name: hello\nvertical: functions\ncaas:\n  raw: [ok.yaml, '']\n", "caas.raw[1]", "expected a path relative to the app folder, got ''")]
    [InlineData("- name\n- vertical\n", "", "strata.yaml must be a mapping with the keys name, vertical, spec, caas; got a list")]
    [InlineData("", "", "strata.yaml is empty: it needs at least 'name' and 'vertical' (create an app with `strata new <vertical> <app>`)")]
    public void Reports_one_problem(string yaml, string path, string message)
    {
        var result = AppManifestParser.Parse(yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new ValidationProblem(path, message), problem);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("cpu", "500m")]
    [InlineData("cpu", "1")]
    [InlineData("cpu", "0.5")]
    [InlineData("cpu", "2.")]
    [InlineData("cpu", ".5")]
    [InlineData("memory", "256Mi")]
    [InlineData("memory", "1Gi")]
    [InlineData("memory", "1e9")]
    [InlineData("memoryLimit", "128M")]
    [InlineData("cpuLimit", "'250m'")]
    public void Accepts_kubernetes_quantities(string key, string quantity)
    {
        var result = AppManifestParser.Parse($"name: hello\nvertical: functions\ncaas:\n  resources: {{ {key}: {quantity} }}\n");

        Assert.Empty(result.Problems);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1GB")]
    [InlineData("1 Gi")]
    [InlineData("m")]
    [InlineData("true")]
    [InlineData("")]
    public void Rejects_what_is_not_a_quantity(string quantity)
    {
        var result = AppManifestParser.Parse($"name: hello\nvertical: functions\ncaas:\n  resources:\n    memory: {quantity}\n");

        Assert.Equal("caas.resources.memory", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public void Env_values_become_strings_as_written()
    {
        const string yaml = """
            name: hello
            vertical: functions
            caas:
              env:
                COUNT: 3
                RATIO: 1.10
                ENABLED: true
                QUOTED: "007"
                EMPTY:
                _PRIVATE: x
            """;

        var result = AppManifestParser.Parse(yaml);

        Assert.Empty(result.Problems);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["COUNT"] = "3", ["RATIO"] = "1.10", ["ENABLED"] = "true", ["QUOTED"] = "007", ["EMPTY"] = "", ["_PRIVATE"] = "x",
            },
            result.Manifest!.Caas.Env);
    }

    [Fact]
    public void Autoscale_reads_every_field()
    {
        var result = AppManifestParser.Parse(
            "name: hello\nvertical: functions\ncaas:\n  autoscale: { min: 1, max: 9, targetInFlight: 25, scaleToZeroAfterSeconds: 60 }\n");

        var bounds = result.Manifest!.Caas.Autoscale!;
        Assert.Equal((1, 9, 25, 60), (bounds.Min, bounds.Max, bounds.TargetInFlight, bounds.ScaleToZeroAfterSeconds));
    }

    [Fact]
    public void Yaml_syntax_error_reports_line_and_column()
    {
        const string yaml = "name: hello\nvertical: functions\nspec:\n  handler: [a, b\n  other: 1\n";

        var result = AppManifestParser.Parse(yaml);

        Assert.Null(result.Manifest);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("", problem.Path);
        Assert.Matches(@"^strata\.yaml is not valid YAML (at|near) line \d+, column \d+", problem.Message);
    }

    [Fact]
    public void Yaml_syntax_error_points_at_the_offending_line()
    {
        var result = AppManifestParser.Parse("name: hello\nvertical: functions\nspec: { a: 1\nb: 2\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("strata.yaml is not valid YAML near line 3, column 10: check for an unclosed '[', '{' or quote", problem.Message);
    }

    [Fact]
    public void Duplicate_keys_are_a_syntax_error_with_position()
    {
        var result = AppManifestParser.Parse("name: hello\nname: again\nvertical: functions\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("strata.yaml is not valid YAML at line 2, column 1: Duplicate key name", problem.Message);
    }

    [Fact]
    public void Spec_null_is_treated_as_absent()
    {
        var result = AppManifestParser.Parse("name: hello\nvertical: functions\nspec:\n");

        Assert.True(result.IsValid);
        Assert.Equal(JsonValueKind.Undefined, result.Manifest!.Spec.ValueKind);
    }

    private static string Message(ManifestParseResult result, string path) =>
        Assert.Single(result.Problems, p => p.Path == path).Message;
}
