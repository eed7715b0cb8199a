using System.Text.Json;
using Strata.Manifest;
using Strata.Validation;

namespace Strata.Verticals.Functions.Tests;

public sealed class FunctionSpecTests
{
    private static IReadOnlyList<ValidationProblem> Validate(string? specJson)
    {
        var manifest = new AppManifest { Name = "hello", Vertical = "functions", Spec = specJson is null ? default : JsonDocument.Parse(specJson).RootElement };
        var context = new SpecValidationContext(manifest);
        FunctionSpec.Validate(context);
        return context.Problems;
    }

    [Theory]
    [InlineData("""{"handler": "Hello.Function"}""")]
    [InlineData("""{"handler": "Function", "timeoutSeconds": 1}""")]
    [InlineData("""{"handler": "A.B._C", "timeoutSeconds": 900}""")]
    [InlineData("""{"handler": "A", "mode": "dedicated"}""")]
    [InlineData("""{"handler": "A", "mode": "shared"}""")]
    [InlineData("""{"handler": "A", "mode": "shared", "pool": "big-pool", "schedule": "@daily"}""")]
    [InlineData("""{"mode": "pool"}""")]
    [InlineData("""{"mode": "pool", "timeoutSeconds": 60}""")]
    [InlineData("""{"handler": "A", "schedule": "*/5 * * * *"}""")]
    [InlineData("""{"handler": "A", "schedule": "* * * * * *"}""")]
    [InlineData("""{"handler": "A", "schedule": "@hourly"}""")]
    public void Accepts_valid_specs(string spec) => Assert.Empty(Validate(spec));

    [Theory]
    [InlineData(null, "spec", "is required")]
    [InlineData("[]", "spec", "is required")]
    [InlineData("""{}""", "spec.handler", "is required")]
    [InlineData("""{"handler": 3}""", "spec.handler", "full name of a C# class")]
    [InlineData("""{"handler": "Hello..Function"}""", "spec.handler", "full name of a C# class")]
    [InlineData("""{"handler": "Hello Function"}""", "spec.handler", "full name of a C# class")]
    [InlineData("""{"handler": "A", "timeoutSeconds": 0}""", "spec.timeoutSeconds", "1 to 900")]
    [InlineData("""{"handler": "A", "timeoutSeconds": 901}""", "spec.timeoutSeconds", "1 to 900")]
    [InlineData("""{"handler": "A", "timeoutSeconds": 1.5}""", "spec.timeoutSeconds", "1 to 900")]
    [InlineData("""{"handler": "A", "timeoutSeconds": "30"}""", "spec.timeoutSeconds", "1 to 900")]
    [InlineData("""{"handler": "A", "memory": "1Gi"}""", "spec.memory", "unknown key")]
    [InlineData("""{"handler": "A", "mode": "pooled"}""", "spec.mode", "must be 'dedicated'")]
    [InlineData("""{"mode": "pool", "handler": "A"}""", "spec.handler", "is not for a pool")]
    [InlineData("""{"mode": "pool", "schedule": "@hourly"}""", "spec.schedule", "is not for a pool")]
    [InlineData("""{"handler": "A", "pool": "p"}""", "spec.pool", "set mode: shared")]
    [InlineData("""{"handler": "A", "mode": "shared", "pool": "Pool_1"}""", "spec.pool", "must name another functions app")]
    [InlineData("""{"handler": "A", "mode": "shared", "pool": "hello"}""", "spec.pool", "must name another functions app")]
    [InlineData("""{"handler": "A", "mode": 1}""", "spec.mode", "must be 'dedicated'")]
    [InlineData("""{"handler": "A", "schedule": "61 * * * *"}""", "spec.schedule", "is not a valid cron expression")]
    [InlineData("""{"handler": "A", "schedule": "every minute"}""", "spec.schedule", "five fields")]
    [InlineData("""{"handler": "A", "schedule": "@fortnightly"}""", "spec.schedule", "is not a valid cron expression")]
    [InlineData("""{"handler": "A", "schedule": 5}""", "spec.schedule", "cron expression in quotes")]
    public void Reports_each_problem_with_its_path(string? spec, string path, string message)
    {
        var problem = Assert.Single(Validate(spec));
        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void Reports_every_problem_at_once()
        => Assert.Equal(["spec.extra", "spec.handler", "spec.timeoutSeconds"], Validate("""{"timeoutSeconds": -1, "extra": true}""").Select(p => p.Path).Order());

    [Fact]
    public void Parse_defaults_the_timeout()
        => Assert.Equal(new FunctionSpec("Hello.Function", 30), FunctionSpec.Parse(JsonDocument.Parse("""{"handler": "Hello.Function"}""").RootElement));

    [Fact]
    public void Parse_reads_the_schedule()
        => Assert.Equal("@daily", FunctionSpec.Parse(JsonDocument.Parse("""{"handler": "Hello.Function", "schedule": "@daily"}""").RootElement).Schedule);
}
