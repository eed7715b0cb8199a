using Strata.Core.Discovery;
using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Core.Tests.Discovery;

public sealed class DiscoveryEnvironmentTests
{
    private static readonly Artifact Artifact = new() { Command = ["app"] };

    private static AppRevision Revision(params UsedApp[] uses) => new()
    {
        Number = 3,
        Manifest = new AppManifest { Name = "caller", Vertical = "functions", Caas = new CaasOverrides { Uses = uses } },
        Artifacts = new Dictionary<string, Artifact>(),
    };

    private static readonly WorkloadSet Set = new() { Services = [new ServiceWorkload { Name = "fn", Artifact = Artifact }] };

    private static Uri ServiceUri(string service, string port) => new($"http://127.0.0.1:41000/{service}/{port}");

    private static Uri UsedAppUri(UsedApp used) => new($"http://127.0.0.1:5480/apps/{used.Vertical}/{used.App}/");

    [Fact]
    public void Each_used_app_gets_the_key_of_its_name_with_its_base_url()
    {
        var env = DiscoveryEnvironment.Build(Revision(new UsedApp("functions", "hello-function"), new UsedApp("mobile", "todo")), Set, ServiceUri, 8080, UsedAppUri);

        Assert.Equal("http://127.0.0.1:5480/apps/functions/hello-function", env["services__hello-function__http__0"]);
        Assert.Equal("http://127.0.0.1:5480/apps/mobile/todo", env["services__todo__http__0"]);
        Assert.Equal("http://127.0.0.1:41000/fn/http", env["services__fn__http__0"]);
        Assert.Equal("services__todo__http__0", DiscoveryEnvironment.UsedAppKey(new UsedApp("mobile", "todo")));
    }

    [Fact]
    public void Without_uses_no_app_address_is_needed()
    {
        var env = DiscoveryEnvironment.Build(Revision(), Set, ServiceUri, null);

        Assert.Equal(["STRATA_APP", "STRATA_REVISION", "STRATA_VERTICAL", "services__fn__http__0"], env.Keys);
    }

    [Fact]
    public void A_revision_that_uses_apps_needs_their_addresses()
    {
        var error = Assert.Throws<ArgumentNullException>(() => DiscoveryEnvironment.Build(Revision(new UsedApp("functions", "hello")), Set, ServiceUri, null));

        Assert.Contains("caas.uses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_apps_own_service_wins_over_a_used_app_of_its_name()
    {
        // The manifest check refuses this (WorkloadSetOverrides.CheckUses); the environment still never hides the app's own service.
        var env = DiscoveryEnvironment.Build(Revision(new UsedApp("mobile", "fn")), Set, ServiceUri, null, UsedAppUri);

        Assert.Equal("http://127.0.0.1:41000/fn/http", env["services__fn__http__0"]);
    }
}
