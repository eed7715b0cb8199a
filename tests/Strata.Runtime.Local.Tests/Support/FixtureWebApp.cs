using System.Reflection;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Support;

/// <summary>The built tests/fixtures/Strata.Fixtures.WebApp, run as an artifact the way a vertical's build output runs.</summary>
internal static class FixtureWebApp
{
    public static string Directory { get; } = typeof(FixtureWebApp).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FixtureWebAppDirectory").Value!;

    public static Artifact Artifact { get; } = new()
    {
        Directory = Directory,
        Command = ["dotnet", "Strata.Fixtures.WebApp.dll"],
    };
}
