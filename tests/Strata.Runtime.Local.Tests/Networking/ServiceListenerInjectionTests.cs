using Strata.Runtime.Local.Networking;
using Strata.Runtime.Local.Replicas;

namespace Strata.Runtime.Local.Tests.Networking;

/// <summary>When the runtime brings Strata.Hosting into an app through a startup hook, and when not.</summary>
public sealed class ServiceListenerInjectionTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("strata-injection-").FullName;

    [Fact]
    public void An_aspnetcore_app_of_this_major_version_gets_the_startup_hook()
    {
        WriteRuntimeConfig("""{"runtimeOptions":{"tfm":"net10.0","frameworks":[{"name":"Microsoft.NETCore.App","version":"10.0.0"},{"name":"Microsoft.AspNetCore.App","version":"10.0.0"}]}}""");

        var added = ServiceListenerInjection.For(Launch("app.dll"), NoEnvironment);

        Assert.Equal(typeof(Strata.Hosting.ServiceListenerProtocol).Assembly.Location, added["DOTNET_STARTUP_HOOKS"]);
        Assert.True(File.Exists(added["DOTNET_STARTUP_HOOKS"]));
        Assert.Single(added);
    }

    [Fact]
    public void Hooks_the_service_sets_are_kept()
    {
        WriteRuntimeConfig("""{"runtimeOptions":{"framework":{"name":"Microsoft.AspNetCore.App","version":"10.0.1"}}}""");

        var added = ServiceListenerInjection.For(Launch("app.dll"), new Dictionary<string, string> { ["DOTNET_STARTUP_HOOKS"] = "/opt/hook.dll" });

        Assert.StartsWith("/opt/hook.dll:", added["DOTNET_STARTUP_HOOKS"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"runtimeOptions":{"framework":{"name":"Microsoft.NETCore.App","version":"10.0.0"}}}""", "a console app")]
    [InlineData("""{"runtimeOptions":{"framework":{"name":"Microsoft.AspNetCore.App","version":"8.0.0"}}}""", "an older ASP.NET Core")]
    [InlineData("not json", "an unreadable runtimeconfig")]
    public void Other_apps_get_nothing(string runtimeConfig, string what)
    {
        WriteRuntimeConfig(runtimeConfig);
        Assert.True(ServiceListenerInjection.For(Launch("app.dll"), NoEnvironment).Count == 0, what);
    }

    [Fact]
    public void An_app_that_ships_its_own_strata_hosting_or_is_no_dotnet_dll_gets_nothing()
    {
        WriteRuntimeConfig("""{"runtimeOptions":{"framework":{"name":"Microsoft.AspNetCore.App","version":"10.0.0"}}}""");
        Assert.Empty(ServiceListenerInjection.For(new LaunchCommand("./server", [], _folder), NoEnvironment));
        Assert.Empty(ServiceListenerInjection.For(Launch("missing.dll"), NoEnvironment));

        File.WriteAllText(Path.Combine(_folder, "Strata.Hosting.dll"), "");
        Assert.Empty(ServiceListenerInjection.For(Launch("app.dll"), NoEnvironment));
    }

    [Theory]
    [InlineData("false", true)]
    [InlineData(" FALSE ", true)]
    [InlineData("true", false)]
    public void A_service_turns_it_down_with_STRATA_SHARE_LISTENER_false(string value, bool optedOut) =>
        Assert.Equal(optedOut, ServiceListenerInjection.OptedOut(new Dictionary<string, string> { ["STRATA_SHARE_LISTENER"] = value }));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private LaunchCommand Launch(string dll) => new("dotnet", [dll], _folder);

    private void WriteRuntimeConfig(string json) => File.WriteAllText(Path.Combine(_folder, "app.runtimeconfig.json"), json);
}
