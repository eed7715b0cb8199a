using System.Text.Json;
using Strata.Core.Manifest;
using Strata.Manifest;
using Strata.Validation;

namespace Strata.Core.Tests.Manifest;

public sealed class ManifestValidatorTests
{
    private static readonly AppManifest Manifest = new()
    {
        Name = "hello",
        Vertical = "functions",
        Spec = JsonDocument.Parse("""{"timeoutSeconds": -1}""").RootElement.Clone(),
    };

    [Fact]
    public void Returns_every_problem_the_vertical_reports()
    {
        var problems = ManifestValidator.ValidateSpec(Manifest, context =>
        {
            if (!context.Spec.TryGetProperty("handler", out _))
            {
                context.AddProblem("handler", "handler is required");
            }

            if (context.Spec.GetProperty("timeoutSeconds").GetInt32() < 1)
            {
                context.AddProblem("timeoutSeconds", "must be at least 1");
            }
        });

        Assert.Equal(
            [new ValidationProblem("spec.handler", "handler is required"), new ValidationProblem("spec.timeoutSeconds", "must be at least 1")],
            problems);
    }

    [Fact]
    public void No_validation_means_no_problems() => Assert.Empty(ManifestValidator.ValidateSpec(Manifest, null));

    [Fact]
    public void A_throwing_vertical_becomes_one_problem_at_spec()
    {
        var problems = ManifestValidator.ValidateSpec(Manifest, context =>
        {
            context.AddProblem("a", "reported before the crash");
            throw new InvalidOperationException("boom");
        });

        var problem = Assert.Single(problems);
        Assert.Equal("spec", problem.Path);
        Assert.Contains("validation of vertical 'functions' failed", problem.Message, StringComparison.Ordinal);
        Assert.Contains("boom", problem.Message, StringComparison.Ordinal);
    }
}
