using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Strata.Building;
using Strata.Workloads;

namespace Strata.Core.Building;

/// <summary>
/// Runs the build steps of an app in plan order. A cacheable step whose hash (name, cache key,
/// input files, the hashes of the steps it depends on) matches its last successful run is not run
/// again; what it produced then is restored instead, unless <see cref="BuildRequest.CheckCachedArtifact"/>
/// finds that something it produced outside the work folder is gone. Steps build a copy of the
/// sources that persists between builds of the app (<see cref="SourceMirror"/>).
/// </summary>
public sealed class BuildRunner
{
    /// <summary>Runs a build. A failing step does not throw: it is reported in the result.</summary>
    /// <param name="request">What to build.</param>
    /// <param name="ct">Cancels the build, killing the programs it runs.</param>
    /// <exception cref="StrataException">The steps do not form a valid plan, or the source folder does not exist.</exception>
    /// <exception cref="OperationCanceledException">The build was cancelled.</exception>
    public async Task<BuildResult> RunAsync(BuildRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = BuildPlan.Create(request.Steps);
        var cache = new BuildCache(Path.Combine(request.WorkRoot, "cache"));
        // Hashes are of the request's folder; the copy is what the tools see, at the same path every build.
        if (!Directory.Exists(request.SourceDirectory))
        {
            throw new StrataException($"The source folder '{request.SourceDirectory}' does not exist.", request.SourceDirectory);
        }

        var source = Path.Combine(request.WorkRoot, "source");
        SourceMirror.Sync(request.SourceDirectory, source);
        var toolEnvironment = request.CompilerServer?.Environment ?? CompilerServer.NoServer;
        if (request.CompilerServer is { } server)
        {
            Directory.CreateDirectory(request.WorkRoot);
            await server.EnsureStartedAsync(request.WorkRoot, ct).ConfigureAwait(false);
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var artifacts = new Dictionary<string, Artifact>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<BuildStepResult>(plan.Steps.Count);
        var sinkLock = new Lock();
        (string Step, string Error)? failure = null;

        foreach (var step in plan.Steps)
        {
            if (failure is not null)
            {
                results.Add(new BuildStepResult(step.Name, BuildStepStatus.Skipped, TimeSpan.Zero, ""));
                continue;
            }

            ct.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var logger = new BuildStepLogger(step.Name, request.Log, request.LoggerFactory?.CreateLogger($"Strata.Build.{step.Name}"), sinkLock);
            var workDirectory = Path.Combine(request.WorkRoot, "steps", step.Name);
            var hash = StepHash(step, request.SourceDirectory, hashes);
            hashes[step.Name] = hash;
            var span = BuildTelemetry.StartStep(step.Name, request.Manifest);

            if (step.Cacheable && Directory.Exists(workDirectory) && cache.Read(step.Name) is { } record && record.Hash == hash)
            {
                if (await StaleReasonAsync(record, request.CheckCachedArtifact, ct).ConfigureAwait(false) is { } stale)
                {
                    BuildLog.StepCacheStale(logger, step.Name, stale);
                }
                else
                {
                    Restore(record, properties, artifacts);
                    BuildLog.StepCached(logger, step.Name);
                    BuildTelemetry.EndStep(span, BuildStepStatus.Cached);
                    results.Add(new BuildStepResult(step.Name, BuildStepStatus.Cached, Stopwatch.GetElapsedTime(started), hash));
                    continue;
                }
            }

            Directory.CreateDirectory(workDirectory);
            var before = new Dictionary<string, string>(properties, StringComparer.Ordinal);
            var context = new BuildContext(request.Manifest, source, workDirectory, logger, properties, artifacts, toolEnvironment, ct);
            BuildLog.StepStarted(logger, step.Name);
            try
            {
                await step.Action(context).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // A half-run step may have left its work folder inconsistent with the last record.
                cache.Delete(step.Name);
                BuildLog.StepCancelled(logger, step.Name);
                BuildTelemetry.EndStep(span, BuildStepStatus.Cancelled, "cancelled");
                throw;
            }
            catch (Exception e)
            {
                var error = e is BuildStepException ? e.Message : $"{e.GetType().FullName}: {e.Message}";
                cache.Delete(step.Name);
                BuildLog.StepFailed(logger, step.Name, error);
                BuildTelemetry.EndStep(span, BuildStepStatus.Failed, error);
                results.Add(new BuildStepResult(step.Name, BuildStepStatus.Failed, Stopwatch.GetElapsedTime(started), hash));
                failure = (step.Name, error);
                continue;
            }

            cache.Write(step.Name, new StepCacheRecord(hash, context.Added, PropertyChanges(before, properties)));
            var elapsed = Stopwatch.GetElapsedTime(started);
            BuildLog.StepSucceeded(logger, step.Name, (long)elapsed.TotalMilliseconds);
            BuildTelemetry.EndStep(span, BuildStepStatus.Ran);
            results.Add(new BuildStepResult(step.Name, BuildStepStatus.Ran, elapsed, hash));
        }

        return new BuildResult
        {
            Succeeded = failure is null,
            FailedStep = failure?.Step,
            Error = failure?.Error,
            Artifacts = artifacts,
            SourceDirectory = source,
            Properties = properties,
            Steps = results,
        };
    }

    /// <summary>Why a cached result cannot be reused although its hash matches: an artifact it recorded is gone.</summary>
    private static async Task<string?> StaleReasonAsync(StepCacheRecord record, Func<Artifact, CancellationToken, Task<string?>>? check, CancellationToken ct)
    {
        if (check is null)
        {
            return null;
        }

        foreach (var artifact in record.Artifacts)
        {
            if (await check(artifact, ct).ConfigureAwait(false) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    private static string StepHash(BuildStep step, string sourceDirectory, Dictionary<string, string> hashes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // NUL cannot occur in names, keys or hex, so it separates the fields unambiguously.
        IEnumerable<string> fields =
        [
            step.Name,
            step.CacheKey,
            SourceHasher.Hash(sourceDirectory, step.Inputs),
            .. step.DependsOn.Select(d => $"{d}={hashes[d]}"),
        ];
        foreach (var field in fields)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(field + "\0"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static Dictionary<string, string?> PropertyChanges(Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in after.Where(p => !before.TryGetValue(p.Key, out var old) || old != p.Value))
        {
            changes[key] = value;
        }

        foreach (var key in before.Keys.Where(k => !after.ContainsKey(k)))
        {
            changes[key] = null;
        }

        return changes;
    }

    private static void Restore(StepCacheRecord record, Dictionary<string, string> properties, Dictionary<string, Artifact> artifacts)
    {
        foreach (var (key, value) in record.Properties)
        {
            if (value is null)
            {
                properties.Remove(key);
            }
            else
            {
                properties[key] = value;
            }
        }

        foreach (var artifact in record.Artifacts)
        {
            artifacts[artifact.Name] = artifact;
        }
    }
}
