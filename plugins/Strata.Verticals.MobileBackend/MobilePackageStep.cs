using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Strata.Building;
using Strata.Workloads;

namespace Strata.Verticals.MobileBackend;

/// <summary>
/// The <c>package</c> build step: writes the backend server (embedded in this plugin), the app's
/// spec as <c>mobile.json</c> for it, and the generated client SDKs (<c>sdk/</c>) into the artifact.
/// No compiler runs: a mobile app is its <c>strata.yaml</c>.
/// </summary>
internal static class MobilePackageStep
{
    /// <summary>The spec file in the artifact, which the server reads.</summary>
    public const string SchemaFile = "mobile.json";

    /// <summary>The server's entry assembly.</summary>
    public const string ServerAssembly = "Strata.Verticals.MobileBackend.Server.dll";

    private const string ServerResourcePrefix = "server/";

    /// <summary>The step.</summary>
    public static BuildStep Create() => new(WellKnownBuildSteps.Package, RunAsync)
    {
        Inputs = ["strata.yaml"],
        // A new server build repackages every mobile app with it.
        CacheKey = "mobile-server/1/" + ServerStamp(),
    };

    /// <summary>The server's files embedded in this plugin, by path in the artifact.</summary>
    public static IReadOnlyList<string> ServerFiles { get; } = [.. typeof(MobilePackageStep).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ServerResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[ServerResourcePrefix.Length..])];

    private static async Task RunAsync(IBuildContext context)
    {
        if (!ServerFiles.Contains(ServerAssembly))
        {
            throw new BuildStepException($"This build of the mobile vertical has no embedded server ({ServerResourcePrefix}{ServerAssembly}); rebuild the vertical (its project embeds the server's build output).");
        }

        var schema = MobileSpec.Parse(context.Manifest.Spec);
        var output = Path.Combine(context.WorkDirectory, "artifact");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Directory.CreateDirectory(output);
        foreach (var file in ServerFiles)
        {
            var target = Path.Combine(output, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var resource = typeof(MobilePackageStep).Assembly.GetManifestResourceStream(ServerResourcePrefix + file)!;
            await using var stream = File.Create(target);
            await resource.CopyToAsync(stream, context.CancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(Path.Combine(output, SchemaFile), JsonSerializer.Serialize(context.Manifest.Spec), context.CancellationToken).ConfigureAwait(false);
        foreach (var language in SdkGenerator.Languages)
        {
            var sdk = Path.Combine(output, "sdk", language.Key);
            Directory.CreateDirectory(sdk);
            await File.WriteAllTextAsync(Path.Combine(sdk, language.Value), SdkGenerator.Generate(language.Key, context.Manifest.Name, schema), context.CancellationToken).ConfigureAwait(false);
        }

        context.Logger.LogInformation("Packaged the mobile backend of {App}: {Collections} collection(s), SDKs for {Languages}.", context.Manifest.Name, schema.Collections.Count, string.Join(", ", SdkGenerator.Languages.Keys));
        context.AddArtifact(new Artifact { Directory = output, Command = ["dotnet", ServerAssembly] });
    }

    private static string ServerStamp()
    {
        if (!ServerFiles.Contains(ServerAssembly))
        {
            return "missing";
        }

        using var server = typeof(MobilePackageStep).Assembly.GetManifestResourceStream(ServerResourcePrefix + ServerAssembly)!;
        return Convert.ToHexString(SHA256.HashData(server))[..16];
    }
}
