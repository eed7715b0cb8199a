using Strata.Core.Runtime;
using Strata.Manifest;
using Strata.Runtime.Local.Replicas;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class ReplicaEnvironmentTests
{
    private static readonly AppRevision Revision = new() { Manifest = new AppManifest { Name = "shop", Vertical = "functions" }, Number = 7 };

    [Fact]
    public void Explicit_env_wins_over_config_sets_which_win_over_discovery_keys_and_the_runtime_owns_the_port()
    {
        var web = new ServiceWorkload
        {
            Name = "web",
            Artifact = new Artifact { Command = ["x"] },
            Ports = [new ServicePort("http", 8080), new ServicePort("admin-api", 9090)],
            EnvFrom = ["settings", "keys"],
            Env = new Dictionary<string, string> { ["A"] = "env", ["PORT"] = "1", ["STRATA_APP"] = "mine" },
        };
        var workloads = new WorkloadSet
        {
            Services = [web, new ServiceWorkload { Name = "api", Artifact = web.Artifact }],
            Config = [new ConfigSet { Name = "settings", Data = new Dictionary<string, string> { ["A"] = "config", ["B"] = "config", ["STRATA_VERTICAL"] = "cfg" } }],
            Secrets = [new SecretSet { Name = "keys", Data = new Dictionary<string, string> { ["C"] = "secret" } }],
        };
        var template = new ReplicaTemplate(new AppRef("functions", "shop"), Revision, workloads, web, new LaunchCommand("x", [], null),
            (service, port) => new Uri($"http://127.0.0.1:{(service == "web" ? 5000 : 6000) + (port == "http" ? 0 : 1)}/"));

        var env = ReplicaEnvironment.Build(template, "127.0.0.1", new Dictionary<string, int> { ["http"] = 41000, ["admin-api"] = 41001 });

        Assert.Equal("env", env["A"]);
        Assert.Equal("config", env["B"]);
        Assert.Equal("secret", env["C"]);
        Assert.Equal("mine", env["STRATA_APP"]);
        Assert.Equal("cfg", env["STRATA_VERTICAL"]);
        Assert.Equal("7", env["STRATA_REVISION"]);
        Assert.Equal("41000", env["PORT"]);
        Assert.Equal("http://127.0.0.1:41000", env["ASPNETCORE_URLS"]);
        Assert.Equal("41001", env["PORT_ADMIN_API"]);
        Assert.Equal("http://127.0.0.1:5000", env["services__web__http__0"]);
        Assert.Equal("http://127.0.0.1:5001", env["services__web__admin-api__0"]);
        Assert.Equal("http://127.0.0.1:6000", env["services__api__http__0"]);
    }
}
