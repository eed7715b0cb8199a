using System.Security;
using System.Security.Cryptography;
using System.Text.Json;
using Strata.Building;
using Strata.Workloads;

namespace Strata.Verticals.Functions;

/// <summary>
/// The <c>package</c> build step: builds the app's sources as a class library (<c>dotnet publish</c>,
/// Release) into <c>functions/&lt;app&gt;/</c> with its <c>function.json</c>, beside a copy of the
/// functions worker that serves it. The project lives in the step's work folder (so MSBuild builds
/// incrementally) and compiles the sources where they are. Its files are rewritten only when they
/// change, and restore is skipped while they stay the same (<see cref="RestoreInputs"/>). The compiler
/// server is the host's choice (<c>UseSharedCompilation</c> in the environment the build gives).
/// </summary>
internal static class FunctionPackageStep
{
    /// <summary>The functions folder inside the artifact (the worker's working directory).</summary>
    public const string FunctionsFolder = "functions";

    /// <summary>The worker's entry assembly.</summary>
    public const string WorkerAssembly = "Strata.Verticals.Functions.Worker.dll";

    /// <summary>The revision written into the descriptor: the build step does not know the app revision it builds.</summary>
    public const int DescriptorRevision = 1;

    public static BuildStep Create() => new(WellKnownBuildSteps.Package, RunAsync)
    {
        Inputs = ["**/*.cs", "strata.yaml"],
        // A new worker build repackages every function app with it.
        CacheKey = "function-worker/1/" + WorkerStamp(),
    };

    /// <summary>The worker's files embedded in this plugin, by file name.</summary>
    public static IReadOnlyList<string> WorkerFiles { get; } = [.. typeof(FunctionPackageStep).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(WorkerResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[WorkerResourcePrefix.Length..])];

    private const string WorkerResourcePrefix = "worker/";

    private static async Task RunAsync(IBuildContext context)
    {
        var spec = FunctionSpec.Parse(context.Manifest.Spec);
        var app = context.Manifest.Name;
        var work = context.WorkDirectory;
        if (!WorkerFiles.Contains(WorkerAssembly))
        {
            throw new BuildStepException($"This build of the functions vertical has no embedded worker ({WorkerResourcePrefix}{WorkerAssembly}); rebuild the vertical (its project embeds the worker's build output).");
        }

        if (spec.IsPool)
        {
            // A pool builds no function: its artifact is the worker alone.
            await WriteWorkerAsync(context, ResetPublishFolder(work)).ConfigureAwait(false);
            return;
        }

        // Stop MSBuild from importing Directory.Build.props/targets or central package versions of
        // whatever tree the host's data folder happens to sit in.
        var isolation = new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" }.Select(f => Path.Combine(work, f)).ToList();
        foreach (var file in isolation)
        {
            await WriteIfChangedAsync(file, "<Project />\n", context.CancellationToken).ConfigureAwait(false);
        }

        var source = SecurityElement.Escape(Path.GetFullPath(context.SourceDirectory).TrimEnd('/'));
        var project = Path.Combine(work, "Function.csproj");
        await WriteIfChangedAsync(
            project,
            ReadTemplate("Function.csproj").Replace("__SOURCE__", source, StringComparison.Ordinal).Replace("__ASSEMBLY__", app, StringComparison.Ordinal),
            context.CancellationToken).ConfigureAwait(false);
        await WriteIfChangedAsync(
            Path.Combine(work, "HandlerCheck.g.cs"),
            ReadTemplate("HandlerCheck.g.cs").Replace("__HANDLER__", spec.Handler, StringComparison.Ordinal),
            context.CancellationToken).ConfigureAwait(false);

        var obj = Path.Combine(work, "obj");
        var restoreInputs = RestoreInputs.Hash([project, .. isolation]);
        var restored = RestoreInputs.Unchanged(obj, restoreInputs);
        if (!restored)
        {
            RestoreInputs.Forget(obj);
        }

        var publish = ResetPublishFolder(work);
        var function = Path.Combine(publish, FunctionsFolder, app);
        await context.RunProcessAsync(
            "dotnet",
            ["publish", "Function.csproj", "-c", "Release", "-o", function, "--nologo", "-nodeReuse:false", "-clp:NoSummary", .. restored ? ["--no-restore"] : Array.Empty<string>()],
            work,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["MSBUILDDISABLENODEREUSE"] = "1" }).ConfigureAwait(false);
        RestoreInputs.Remember(obj, restoreInputs);

        await File.WriteAllTextAsync(Path.Combine(function, "function.json"), Descriptor(app, spec), context.CancellationToken).ConfigureAwait(false);
        await WriteWorkerAsync(context, publish).ConfigureAwait(false);
    }

    // An unchanged project file keeps its time, which MSBuild compares with its outputs'.
    private static async Task WriteIfChangedAsync(string path, string content, CancellationToken ct)
    {
        if (!File.Exists(path) || await File.ReadAllTextAsync(path, ct).ConfigureAwait(false) != content)
        {
            await File.WriteAllTextAsync(path, content, ct).ConfigureAwait(false);
        }
    }

    private static string ResetPublishFolder(string work)
    {
        var publish = Path.Combine(work, "publish");
        if (Directory.Exists(publish))
        {
            Directory.Delete(publish, recursive: true);
        }

        Directory.CreateDirectory(publish);
        return publish;
    }

    // The worker beside the functions folder, and the artifact that runs it.
    private static async Task WriteWorkerAsync(IBuildContext context, string publish)
    {
        foreach (var file in WorkerFiles)
        {
            using var resource = WorkerResource(file);
            using var target = File.Create(Path.Combine(publish, file));
            await resource.CopyToAsync(target, context.CancellationToken).ConfigureAwait(false);
        }

        context.AddArtifact(new Artifact { Directory = publish, Command = ["dotnet", WorkerAssembly] });
    }

    /// <summary>The function's <c>function.json</c>, as the worker reads it.</summary>
    public static string Descriptor(string app, FunctionSpec spec) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["app"] = app,
        ["revision"] = DescriptorRevision,
        ["handler"] = spec.Handler,
        ["assembly"] = app + ".dll",
        ["timeoutSeconds"] = spec.TimeoutSeconds,
    });

    private static Stream WorkerResource(string file)
        => typeof(FunctionPackageStep).Assembly.GetManifestResourceStream(WorkerResourcePrefix + file)
            ?? throw new InvalidOperationException($"The functions vertical is missing its embedded '{WorkerResourcePrefix}{file}'.");

    private static string WorkerStamp()
    {
        if (!WorkerFiles.Contains(WorkerAssembly))
        {
            return "missing";
        }

        using var worker = WorkerResource(WorkerAssembly);
        return Convert.ToHexString(SHA256.HashData(worker))[..16];
    }

    private static string ReadTemplate(string name)
    {
        using var stream = typeof(FunctionPackageStep).Assembly.GetManifestResourceStream("function/" + name)
            ?? throw new InvalidOperationException($"The functions vertical is missing its embedded 'function/{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
