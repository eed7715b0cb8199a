using System.Text.Json;
using Strata.Manifest;
using Strata.Validation;
using Strata.Workloads;

namespace Company.Verticals.Sample.Tests;

public sealed class SampleMappingTests
{
    private static readonly Artifact Site = new() { Directory = "/revisions/site/1/default", Command = ["serve"] };

    private static AppManifest Manifest(string spec) => new() { Name = "site", Vertical = SampleVertical.Name, Spec = JsonDocument.Parse(spec).RootElement };

    private static AppRevision Revision(string spec) => new()
    {
        Manifest = Manifest(spec),
        Number = 1,
        Artifacts = new Dictionary<string, Artifact> { [Artifact.DefaultName] = Site },
    };

    [Fact]
    public void Maps_one_service_and_a_route_to_it()
    {
        var set = SampleMapping.Map(Revision("""{"command": ["serve"]}"""));

        var service = Assert.Single(set.Services);
        Assert.Equal(SampleMapping.ServiceName, service.Name);
        Assert.Same(Site, service.Artifact);
        var route = Assert.Single(set.Routes);
        Assert.Equal(service.Name, route.Service);
    }

    [Fact]
    public void Validation_reports_every_problem_with_its_path()
    {
        var context = new SpecValidationContext(Manifest("""{"command": ["serve", 3]}"""));

        SampleSpec.Validate(context);

        Assert.Equal(["spec.command[1]"], context.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Validation_requires_a_command()
    {
        var context = new SpecValidationContext(Manifest("{}"));

        SampleSpec.Validate(context);

        Assert.Equal(["spec.command"], context.Problems.Select(p => p.Path));
    }
#if (jobs)

    [Fact]
    public void Maps_the_prepare_command_to_a_job()
    {
        var set = SampleMapping.Map(Revision("""{"command": ["serve"], "prepare": ["sh", "-c", "echo ready"]}"""));

        var job = Assert.Single(set.Jobs);
        Assert.Equal("prepare", job.Name);
        Assert.Equal(["sh", "-c", "echo ready"], job.Artifact.Command);
    }
#endif
}
