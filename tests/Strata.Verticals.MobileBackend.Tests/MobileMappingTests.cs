using System.Text.Json;
using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Verticals.MobileBackend.Tests;

public sealed class MobileMappingTests
{
    private static readonly Artifact Packaged = new() { Directory = "/revisions/todo/1/default", Command = ["dotnet", "Strata.Verticals.MobileBackend.Server.dll"] };

    private static AppRevision Revision(string spec, string app = "todo") => new()
    {
        Manifest = new AppManifest { Name = app, Vertical = "mobile", Spec = JsonDocument.Parse(spec).RootElement },
        Number = 2,
        Artifacts = new Dictionary<string, Artifact> { [Artifact.DefaultName] = Packaged },
    };

    [Fact]
    public void Maps_one_server_with_its_data_volume_probes_and_a_route()
    {
        var set = new MobileMapping(null).Map(Revision(Server.Specs.Todo));

        var service = Assert.Single(set.Services);
        Assert.Equal(("api", 1), (service.Name, service.Replicas));
        Assert.Same(Packaged, service.Artifact);
        Assert.Equal("/_strata/healthz", service.Readiness!.Path);
        Assert.Equal("/_strata/healthz", service.Liveness!.Path);
        Assert.Equal("mobile.json", service.Env["STRATA_MOBILE_SCHEMA"]);
        var mount = Assert.Single(service.Volumes);
        Assert.Equal(("data", "/data"), (mount.Volume, mount.Path));
        var volume = Assert.Single(set.Volumes);
        Assert.Equal(("data", VolumeAccess.ReadWriteOnce), (volume.Name, volume.Access));
        var route = Assert.Single(set.Routes);
        Assert.Equal(("api", "/"), (route.Service, route.PathPrefix));
        Assert.Empty(set.Secrets);
        Assert.Empty(service.EnvFrom);
    }

    [Fact]
    public void An_operator_key_gives_each_app_its_own_stable_signing_key_through_a_secret_set()
    {
        var mapping = new MobileMapping("operator secret of at least some length");
        var todo = mapping.Map(Revision(Server.Specs.Todo));
        var again = mapping.Map(Revision(Server.Specs.Todo) with { Number = 7 });
        var other = mapping.Map(Revision(Server.Specs.Todo, "chat"));

        var secret = Assert.Single(todo.Secrets);
        Assert.Equal("auth", secret.Name);
        Assert.Equal(["auth"], todo.Services[0].EnvFrom);
        var key = secret.Data["STRATA_MOBILE_SIGNING_KEY"];
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.Equal(key, again.Secrets[0].Data["STRATA_MOBILE_SIGNING_KEY"]);
        Assert.NotEqual(key, other.Secrets[0].Data["STRATA_MOBILE_SIGNING_KEY"]);
        Assert.DoesNotContain(todo.Services[0].Env.Values, v => v == key);
    }

    [Fact]
    public void A_postgres_database_reaches_the_server_through_a_secret_set_only()
    {
        var spec = """{ "collections": { "a": { "fields": { "x": "int" } } }, "database": { "provider": "postgres", "connectionString": "Host=db;Password=pw" } }""";
        var set = new MobileMapping(null).Map(Revision(spec));

        var secret = Assert.Single(set.Secrets);
        Assert.Equal(("database", "Host=db;Password=pw"), (secret.Name, secret.Data["STRATA_MOBILE_DATABASE"]));
        Assert.Equal(["database"], set.Services[0].EnvFrom);
        Assert.DoesNotContain(set.Services[0].Env.Values, v => v.Contains("pw", StringComparison.Ordinal));
    }

    [Fact]
    public void Mapping_is_pure()
    {
        var mapping = new MobileMapping("k");
        Assert.Equal(JsonSerializer.Serialize(mapping.Map(Revision(Server.Specs.Todo))), JsonSerializer.Serialize(mapping.Map(Revision(Server.Specs.Todo))));
    }
}
