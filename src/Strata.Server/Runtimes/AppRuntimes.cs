using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Runtime.Kubernetes;
using Strata.Server.Api;
using Strata.Validation;

namespace Strata.Server.Runtimes;

/// <summary>
/// The runtimes this host offers and which one runs an app: <c>local</c> always, <c>kubernetes</c> when a
/// cluster is configured (<see cref="ClusterConnection"/>). Each app records its runtime; status, logs,
/// jobs, rollback and delete of the app go to that one.
/// </summary>
internal sealed class AppRuntimes(ICaasRuntime local, ClusterConnection cluster)
{
    /// <summary>The embedded runtime: the gateway and the plugins' service endpoints talk to it.</summary>
    public ICaasRuntime Local => local;

    /// <summary>The runtimes a deploy may ask for.</summary>
    public IReadOnlyList<string> Available => cluster.Runtime is null ? [local.Name] : [local.Name, KubernetesRuntime.RuntimeName];

    /// <summary>The runtime that runs <paramref name="app"/>.</summary>
    /// <exception cref="ApiException">The app runs on a cluster this host is no longer configured for.</exception>
    public ICaasRuntime For(AppRecord app) => Named(app.Runtime, app);

    /// <summary>
    /// The host folder of <paramref name="volume"/> of <paramref name="app"/>: the local runtime's folder, or for an
    /// app on the cluster a mirror of its claim (<see cref="ClusterConnection.GetVolumeFolderAsync"/>); null when neither has it.
    /// </summary>
    public async ValueTask<string?> GetVolumeFolderAsync(AppRef app, string volume, CancellationToken cancellationToken) =>
        local is IVolumeFolders folders && folders.GetVolumeFolder(app, volume) is { } folder
            ? folder
            : await cluster.GetVolumeFolderAsync(app, volume, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether the runtime runs the app in this host's own processes (and the gateway routes it).</summary>
    public static bool IsLocal(AppRecord app) => app.Runtime == AppRecord.DefaultRuntime;

    /// <summary>
    /// Checks the runtime a deploy request names (null: the app's own, or <c>local</c> for a new app);
    /// an unknown one, or <c>kubernetes</c> without a cluster, is refused with the field path <c>runtime</c>.
    /// </summary>
    public string? Check(string? requested)
    {
        if (requested is null)
        {
            return null;
        }

        var name = requested.Trim().ToLowerInvariant();
        if (name == KubernetesRuntime.RuntimeName && cluster.Runtime is null)
        {
            throw new ApiException(422, "No cluster configured",
                $"runtime: kubernetes is not available on this host: {cluster.Reason}",
                [new ValidationProblem("runtime", $"kubernetes is not available on this host: {cluster.Reason}")]);
        }

        if (name != local.Name && name != KubernetesRuntime.RuntimeName)
        {
            throw ApiException.Invalid("Unknown runtime",
                [new ValidationProblem("runtime", $"'{requested}' is not a runtime; use one of: {string.Join(", ", Available)}.")]);
        }

        return name;
    }

    private ICaasRuntime Named(string name, AppRecord app) => name switch
    {
        _ when name == local.Name => local,
        KubernetesRuntime.RuntimeName => cluster.Runtime ?? throw new ApiException(409, "No cluster configured",
            $"App {app.Ref} runs on kubernetes, but this host has no cluster configured now: {cluster.Reason}"),
        _ => throw new ApiException(409, "Unknown runtime", $"App {app.Ref} is recorded on runtime '{name}', which this host does not have."),
    };
}
