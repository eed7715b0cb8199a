using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Strata.Core.Building;
using Strata.Core.Images;
using Strata.Core.Manifest;
using Strata.Core.Mapping;
using Strata.Core.Naming;
using Strata.Core.Plugins;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Server.Api;
using Strata.Server.Gateway;
using Strata.Server.Hosting;
using Strata.Server.Runtimes;
using Strata.Server.Telemetry;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Server.Apps;

/// <summary>
/// Takes an app from sources to a serving revision: validate the manifest and spec, build with the
/// vertical's steps, record the revision, map it, roll it out on the runtime and route the gateway to it.
/// Deploys of one app are serialised; deploys of different apps run side by side. The builds of
/// all apps compile in one compiler server of the host's own (unless <c>Strata:Build:CompilerServer</c>
/// is <c>Off</c>), shut down with the host, and recorded in the data folder while it runs so that the next
/// host stops it if this one is killed (<see cref="Building.CompilerServerStarter"/>).
/// </summary>
internal sealed partial class AppDeployer(
    DataLayout layout,
    StateStore state,
    VerticalCatalog verticals,
    AppRuntimes runtimes,
    GatewayRoutes gateway,
    BuildRunner builds,
    RegistryOptions registry,
    HostMetrics metrics,
    Microsoft.Extensions.Options.IOptions<Building.BuildOptions> buildOptions,
    ILoggerFactory loggerFactory) : IAsyncDisposable, IDisposable
{
    private readonly CompilerServer? _compilerServer = buildOptions.Value.CompilerServer == Building.CompilerServerStart.Off
        ? null
        : new() { Record = new CompilerServerRecord(layout.CompilerServerRecord) };

    private readonly ImagePublisher? _publisher = registry.Enabled ? new ImagePublisher(registry) : null;

    private readonly ConcurrentDictionary<AppRef, SemaphoreSlim> _locks = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger("Strata.Deploy");

    /// <summary>
    /// Deploys the sources staged in <paramref name="stagedSources"/> (the folder is moved or removed) on
    /// <paramref name="runtime"/> (checked by <see cref="AppRuntimes.Check"/>; null: the app's own runtime).
    /// </summary>
    public async Task<DeployOutcome> DeployAsync(string expectedApp, string? expectedVertical, string stagedSources, CancellationToken cancellationToken, string? runtime = null)
    {
        using var telemetry = DeployTelemetry.Start(metrics, expectedApp);
        if (expectedVertical is not null && verticals.TryGetLoaded(expectedVertical, out _))
        {
            telemetry.ForVertical(expectedVertical);
        }

        try
        {
            var (manifest, manifestYaml, vertical) = await ValidateAsync(expectedApp, expectedVertical, stagedSources, telemetry, cancellationToken).ConfigureAwait(false);
            telemetry.Validated(manifest.Vertical);
            var app = new AppRef(manifest.Vertical, manifest.Name);
            var gate = _locks.GetOrAdd(app, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var work = vertical.BeginWork();
                var outcome = await DeployLockedAsync(app, manifest, manifestYaml, vertical, stagedSources, runtime, telemetry, cancellationToken).ConfigureAwait(false);
                telemetry.Succeeded(outcome.Revision, outcome.Unchanged, outcome.Runtime);
                return outcome;
            }
            finally
            {
                gate.Release();
            }
        }
        catch (Exception ex)
        {
            telemetry.Failed(ex);
            throw;
        }
        finally
        {
            if (Directory.Exists(stagedSources))
            {
                Directory.Delete(stagedSources, recursive: true);
            }
        }
    }

    private async Task<DeployOutcome> DeployLockedAsync(AppRef app, Strata.Manifest.AppManifest manifest, string manifestYaml, LoadedVertical vertical, string staged, string? requestedRuntime, DeployTelemetry telemetry, CancellationToken cancellationToken)
    {
        var sourceHash = SourceHasher.Hash(staged, ["**/*"]);
        var record = await SelectRuntimeAsync(await state.EnsureAppAsync(app, cancellationToken).ConfigureAwait(false), requestedRuntime, cancellationToken).ConfigureAwait(false);
        var runtime = runtimes.For(record);
        if (record.CurrentRevision is { } current
            && await state.GetRevisionAsync(app, current, cancellationToken).ConfigureAwait(false) is { } serving
            && serving.SourceHash == sourceHash && serving.ManifestYaml == manifestYaml
            && (await runtime.GetStatusAsync(app, cancellationToken).ConfigureAwait(false)).Revision == current)
        {
            DeployLog.Unchanged(_logger, app.ToString(), current);
            return new DeployOutcome(app.App, app.Vertical, current, Unchanged: true, StrataNames.AppPath(app.Vertical, app.App) + "/", [], ByDigest(serving.Image, serving.ImageDigest)) { Runtime = record.Runtime };
        }

        // Two deploys of the same sources in one second (one refused after its build, then the next) would
        // otherwise share a folder of artifacts that the first one already wrote.
        var buildId = $"{DateTime.UtcNow:yyyyMMddHHmmss}-{sourceHash[..12]}";
        for (var attempt = 2; Directory.Exists(layout.Artifacts(app, buildId)); attempt++)
        {
            buildId = $"{DateTime.UtcNow:yyyyMMddHHmmss}-{sourceHash[..12]}-{attempt}";
        }

        var sources = layout.Sources(app, buildId);
        Directory.CreateDirectory(Path.GetDirectoryName(sources)!);
        if (Directory.Exists(sources))
        {
            Directory.Delete(sources, recursive: true);
        }

        Directory.Move(staged, sources);
        var result = await builds.RunAsync(new BuildRequest
        {
            Manifest = manifest,
            SourceDirectory = sources,
            WorkRoot = layout.Builds(app),
            Steps = await StepsAsync(app, vertical, cancellationToken).ConfigureAwait(false),
            // A cached publish-image is reused only while the registry still has its image.
            CheckCachedArtifact = _publisher is null ? null : _publisher.CheckPublishedAsync,
            CompilerServer = _compilerServer,
            LoggerFactory = loggerFactory,
        }, cancellationToken).ConfigureAwait(false);
        metrics.Built(app.Vertical, result.Steps);
        if (!result.Succeeded)
        {
            // Tools name files by the host's copy of the sources; the user knows them relative to the app folder.
            var error = result.Error?.Replace(sources + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
            if (result.SourceDirectory is { } built)
            {
                error = error?.Replace(built + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
            }

            throw new ApiException(422, "Build failed", $"Build step '{result.FailedStep}' failed: {error}");
        }

        var artifacts = CopyArtifacts(result.Artifacts, layout.Artifacts(app, buildId));
        var image = artifacts.GetValueOrDefault(Artifact.DefaultName) ?? artifacts.Values.FirstOrDefault(a => a.ImageDigest is not null);
        var revision = await state.AddRevisionAsync(new NewRevision(app, manifestYaml, sourceHash, JsonSerializer.Serialize(artifacts))
        {
            SourcePath = sources,
            Image = image?.Image,
            ImageDigest = image?.ImageDigest,
        }, cancellationToken).ConfigureAwait(false);
        var appRevision = new AppRevision { Manifest = manifest, Number = revision.Number, Artifacts = artifacts, SourceHash = sourceHash };
        telemetry.RollingOut(revision.Number);
        await RollOutAsync(app, appRevision, vertical, cancellationToken).ConfigureAwait(false);
        return new DeployOutcome(app.App, app.Vertical, revision.Number, Unchanged: false, StrataNames.AppPath(app.Vertical, app.App) + "/", result.Steps, ByDigest(image?.Image, image?.ImageDigest)) { Runtime = record.Runtime };
    }

    /// <summary>The compiler server of the host's builds; null when <c>Strata:Build:CompilerServer</c> is <c>Off</c>.</summary>
    public CompilerServer? CompilerServer => _compilerServer;

    /// <summary>Shuts down the compiler server of the host's builds.</summary>
    public ValueTask DisposeAsync() => _compilerServer?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Records the runtime a deploy asked for. An app that serves a revision stays where it runs: moving it
    /// would leave the old runtime's replicas running, so the user deletes it first.
    /// </summary>
    private async Task<AppRecord> SelectRuntimeAsync(AppRecord record, string? requested, CancellationToken cancellationToken)
    {
        if (requested is null || requested == record.Runtime)
        {
            return record;
        }

        if (record.CurrentRevision is { } serving)
        {
            throw new ApiException(409, "App runs elsewhere",
                $"runtime: app {record.Ref} serves revision {serving} on the {record.Runtime} runtime; deploy it there (--runtime {record.Runtime}), or delete it (DELETE /api/apps/{record.Name}) before deploying it to {requested}.",
                [new ValidationProblem("runtime", $"app {record.Ref} serves revision {serving} on {record.Runtime}; deploy with --runtime {record.Runtime}, or delete the app before moving it to {requested}.")]);
        }

        await state.SetAppRuntimeAsync(record.Ref, requested, cancellationToken).ConfigureAwait(false);
        return record with { Runtime = requested };
    }

    /// <summary>The vertical's steps, plus the host's <c>publish-image</c> when a registry is configured.</summary>
    private async Task<IReadOnlyList<Strata.Building.BuildStep>> StepsAsync(AppRef app, LoadedVertical vertical, CancellationToken cancellationToken)
    {
        if (_publisher is null)
        {
            return vertical.Registration.BuildSteps;
        }

        try
        {
            await _publisher.CheckRegistryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Core.StrataException ex)
        {
            throw new ApiException(422, "Registry unavailable", $"The revision's image cannot be published: {ex.Message}");
        }

        // Deploys of one app are serialised, so the next number is the one this build's revision gets.
        var tag = (await state.NextRevisionNumberAsync(app, cancellationToken).ConfigureAwait(false)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return PublishImageStep.AddTo(vertical.Registration.BuildSteps, _publisher, app.Vertical, app.App, tag);
    }

    private static string? ByDigest(string? image, string? digest) =>
        image is not null && digest is not null && ImageReference.TryParse(image, out var reference) ? reference.WithDigest(digest).ToString() : null;

    /// <summary>Maps a recorded revision and makes it the serving one (deploy, rollback, host restart).</summary>
    public async Task RollOutAsync(AppRef app, AppRevision revision, LoadedVertical vertical, CancellationToken cancellationToken)
    {
        using var activity = StrataTelemetry.Source.StartActivity("rollout");
        activity?.SetTag(StrataTelemetry.VerticalTag, app.Vertical);
        activity?.SetTag(StrataTelemetry.AppTag, app.App);
        activity?.SetTag(StrataTelemetry.RevisionTag, revision.Number);
        try
        {
            await RollOutTracedAsync(app, revision, vertical, activity, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(StrataTelemetry.OutcomeTag, "succeeded");
        }
        catch (Exception ex)
        {
            activity?.SetTag(StrataTelemetry.OutcomeTag, ex is OperationCanceledException ? "cancelled" : "failed");
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private async Task RollOutTracedAsync(AppRef app, AppRevision revision, LoadedVertical vertical, System.Diagnostics.Activity? activity, CancellationToken cancellationToken)
    {
        var workloads = Map(revision, vertical);
        var record = await state.GetAppAsync(app, cancellationToken).ConfigureAwait(false)
            ?? throw ApiException.NotFound($"App {app} is not recorded.");
        var runtime = runtimes.For(record);
        activity?.SetTag(StrataTelemetry.RuntimeTag, record.Runtime);
        var deployment = await state.StartDeploymentAsync(app, revision.Number, cancellationToken).ConfigureAwait(false);
        ApplyResult applied;
        try
        {
            applied = await runtime.ApplyAsync(revision, workloads, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            applied = ApplyResult.Failed($"{ex.GetType().Name}: {ex.Message}");
        }

        await state.CompleteDeploymentAsync(deployment.Id, applied.Succeeded ? DeploymentState.Succeeded : DeploymentState.Failed, applied.Message, CancellationToken.None).ConfigureAwait(false);
        if (!applied.Succeeded)
        {
            throw new ApiException(422, "Rollout failed", $"Revision {revision.Number} of {app} did not become ready: {applied.Message}");
        }

        if (!AppRuntimes.IsLocal(record))
        {
            // The cluster routes to it (Service, Ingress or HTTPRoute); the host's gateway fronts local apps only.
            DeployLog.ServingOn(_logger, app.ToString(), revision.Number, record.Runtime);
            return;
        }

        var uris = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var service in workloads.Services)
        {
            if (await runtime.GetServiceUriAsync(app, service.Name, cancellationToken).ConfigureAwait(false) is { } uri)
            {
                uris[service.Name] = uri;
            }
        }

        // The status as the rollout left it, so the gateway routes to the new replicas before this returns.
        gateway.Set(app, workloads, uris, await runtime.GetStatusAsync(app, cancellationToken).ConfigureAwait(false));
        DeployLog.Serving(_logger, app.ToString(), revision.Number);
    }

    /// <summary>Rebuilds an <see cref="AppRevision"/> from what the state store recorded.</summary>
    public static AppRevision ToAppRevision(RevisionRecord record)
    {
        var parsed = AppManifestParser.Parse(record.ManifestYaml);
        return new AppRevision
        {
            Manifest = parsed.Manifest ?? throw new InvalidOperationException($"Revision {record.Number} of {record.App} has a manifest that no longer parses: {string.Join("; ", parsed.Problems)}"),
            Number = record.Number,
            Artifacts = JsonSerializer.Deserialize<Dictionary<string, Artifact>>(record.ArtifactsJson) ?? [],
            SourceHash = record.SourceHash,
        };
    }

    public LoadedVertical RequireVertical(string name)
    {
        if (verticals.TryGetLoaded(name, out var vertical))
        {
            return vertical;
        }

        var known = verticals.All.Where(v => v.State == VerticalState.Loaded).Select(v => v.Name).ToList();
        var reason = verticals.Find(name) is { } failed
            ? $"vertical '{name}' is {failed.State.ToString().ToLowerInvariant()}: {failed.Reason}"
            : $"no vertical named '{name}' is loaded; loaded verticals: {(known.Count == 0 ? "none" : string.Join(", ", known))}.";
        throw ApiException.Invalid("Unknown vertical", [new ValidationProblem("vertical", reason)]);
    }

    /// <summary>The revision's workload set: the vertical's mapping, the <c>caas:</c> overrides, checked.</summary>
    public static WorkloadSet Map(AppRevision revision, LoadedVertical vertical)
    {
        var mapping = vertical.Registration.Mapping
            ?? throw new ApiException(422, "Vertical cannot deploy", $"Vertical '{vertical.Name}' declares no mapping (UseMapping), so it cannot deploy apps.");
        WorkloadSet mapped;
        try
        {
            mapped = WorkloadSetOverrides.Apply(WorkloadSetCopy.Detach(mapping(revision)), revision.Manifest.Caas);
        }
        catch (Exception ex)
        {
            throw new ApiException(422, "Mapping failed", $"Vertical '{vertical.Name}' failed to map revision {revision.Number}: {ex.GetType().Name}: {ex.Message}");
        }

        // The user's own mistake, not the vertical's: a used app named like one of the app's services.
        if (WorkloadSetOverrides.CheckUses(mapped, revision.Manifest.Caas) is { Count: > 0 } clashes)
        {
            throw ApiException.Invalid("Invalid manifest", clashes);
        }

        var problems = WorkloadSetOverrides.Check(mapped);
        return problems.Count == 0
            ? mapped
            : throw new ApiException(422, "Mapping failed", $"Vertical '{vertical.Name}' mapped revision {revision.Number} to an invalid workload set: {string.Join("; ", problems)}");
    }

    /// <summary>
    /// Validates everything about the staged app at once — manifest, the request's app and vertical,
    /// the vertical's spec — so the user sees every problem with its path in one answer.
    /// </summary>
    private async Task<(Strata.Manifest.AppManifest Manifest, string Yaml, LoadedVertical Vertical)> ValidateAsync(string expectedApp, string? expectedVertical, string directory, DeployTelemetry telemetry, CancellationToken cancellationToken)
    {
        var parsed = await AppManifestParser.LoadAsync(directory, cancellationToken).ConfigureAwait(false);
        var problems = parsed.Problems.ToList();
        LoadedVertical? vertical = null;
        if (parsed.Manifest is { } manifest)
        {
            if (manifest.Name != expectedApp)
            {
                problems.Add(new ValidationProblem("name", $"is '{manifest.Name}' but the request deploys app '{expectedApp}'; deploy to /api/apps/{manifest.Name}/deploy or change the name."));
            }

            // The files caas.raw and caas.patches name must be there now: a render or a cluster deploy of this
            // revision reads them later, from the kept sources.
            if (manifest.Caas.Raw.Count + manifest.Caas.Patches.Count > 0)
            {
                try
                {
                    await Strata.Runtime.Kubernetes.RawInputs.LoadAsync(directory, manifest.Caas, cancellationToken).ConfigureAwait(false);
                }
                catch (Core.StrataException missing)
                {
                    problems.Add(new ValidationProblem(missing.Path ?? "caas", missing.Message));
                }
            }

            if (expectedVertical is not null && expectedVertical != manifest.Vertical)
            {
                problems.Add(new ValidationProblem("vertical", $"is '{manifest.Vertical}' but the request asked for vertical '{expectedVertical}'."));
            }
            else if (problems.All(p => p.Path != "vertical"))
            {
                try
                {
                    vertical = RequireVertical(manifest.Vertical);
                    telemetry.ForVertical(vertical.Name);
                    problems.AddRange(ManifestValidator.ValidateSpec(manifest, vertical.Registration.SpecValidation));
                }
                catch (ApiException unknown)
                {
                    problems.AddRange(unknown.Problems);
                }
            }
        }

        if (problems.Count > 0 || parsed.Manifest is null || vertical is null)
        {
            throw ApiException.Invalid("Invalid strata.yaml", problems);
        }

        return (parsed.Manifest, await File.ReadAllTextAsync(Path.Combine(directory, AppManifestParser.FileName), cancellationToken).ConfigureAwait(false), vertical);
    }

    private static Dictionary<string, Artifact> CopyArtifacts(IReadOnlyDictionary<string, Artifact> built, string target)
    {
        var artifacts = new Dictionary<string, Artifact>(StringComparer.Ordinal);
        foreach (var (name, artifact) in built)
        {
            if (artifact.Directory is null)
            {
                artifacts[name] = WorkloadSetCopy.Detach(artifact);
                continue;
            }

            var directory = Path.Combine(target, name);
            SourceStaging.CopyFolder(artifact.Directory, directory, skipBuildOutputs: false);
            artifacts[name] = WorkloadSetCopy.Detach(artifact) with { Directory = directory };
        }

        return artifacts;
    }

    private static partial class DeployLog
    {
        [LoggerMessage(3001, LogLevel.Information, "{App}: sources and manifest unchanged, revision {Revision} keeps serving")]
        public static partial void Unchanged(ILogger logger, string app, int revision);

        [LoggerMessage(3002, LogLevel.Information, "{App}: revision {Revision} is serving")]
        public static partial void Serving(ILogger logger, string app, int revision);

        [LoggerMessage(3003, LogLevel.Information, "{App}: revision {Revision} is serving on the {Runtime} runtime")]
        public static partial void ServingOn(ILogger logger, string app, int revision, string runtime);
    }
}
