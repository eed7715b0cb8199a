using Strata.Core.Mapping;
using Strata.Workloads;

namespace Strata.Core.Tests.Mapping;

public sealed class WorkloadSetCopyTests
{
    // Collection expressions here compile to types defined in this assembly, as they do in a plugin's.
    private static readonly Artifact Built = new() { Directory = "/a", Command = ["dotnet", "app.dll"] };

    private static readonly WorkloadSet Mapped = new()
    {
        Services = [new ServiceWorkload { Name = "web", Artifact = Built, Args = ["--x"], Ports = [ServicePort.Http], EnvFrom = ["cfg"] }],
        Jobs = [new JobWorkload { Name = "prepare", Artifact = Built, Args = ["--y"], EnvFrom = ["cfg"] }],
        Routes = [new Route { Name = "web", Service = "web" }],
        Config = [new ConfigSet { Name = "cfg", Data = new Dictionary<string, string> { ["k"] = "v" } }],
        Secrets = [new SecretSet { Name = "s", Data = new Dictionary<string, string> { ["p"] = "q" } }],
        Schedules = [new ScheduledRequest { Name = "tick", Schedule = "@hourly", Service = "web", Headers = new Dictionary<string, string> { ["X-A"] = "b" } }],
    };

    [Fact]
    public void The_copy_holds_no_collection_of_a_type_the_mapping_assembly_defined()
    {
        Assert.Equal(typeof(WorkloadSetCopyTests).Assembly, Mapped.Routes.GetType().Assembly);

        var copy = WorkloadSetCopy.Detach(Mapped);

        object[] collections =
        [
            copy.Services, copy.Jobs, copy.Routes, copy.Config, copy.Secrets,
            copy.Services[0].Args, copy.Services[0].Ports, copy.Services[0].EnvFrom, copy.Services[0].Env, copy.Services[0].Artifact.Command,
            copy.Jobs[0].Args, copy.Jobs[0].EnvFrom, copy.Jobs[0].Env, copy.Jobs[0].Artifact.Command, copy.Config[0].Data, copy.Secrets[0].Data,
            copy.Schedules, copy.Schedules[0].Headers,
        ];
        Assert.All(collections, c => Assert.NotEqual(typeof(WorkloadSetCopyTests).Assembly, c.GetType().Assembly));
    }

    [Fact]
    public void The_copy_has_the_same_content()
    {
        var copy = WorkloadSetCopy.Detach(Mapped);

        Assert.Equal(Mapped.Services[0].Args, copy.Services[0].Args);
        Assert.Equal(Built.Command, copy.Services[0].Artifact.Command);
        Assert.Equal(Mapped.Routes, copy.Routes);
        Assert.Equal("v", copy.Config[0].Data["k"]);
        Assert.Equal("q", copy.Secrets[0].Data["p"]);
        Assert.Equal(Mapped.Jobs[0].Name, copy.Jobs[0].Name);
    }
}
