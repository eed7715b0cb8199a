using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Deployment;
using Strata.Server.Api;
using Strata.Server.Hosting;
using Strata.Server.Runtimes;

namespace Strata.Server.Apps;

/// <summary>
/// <see cref="IAppControl"/> for one vertical: the control API's deploy-with-spec, serving revision and job
/// cancel, on that vertical's apps only, answering refusals as <see cref="AppControlException"/>.
/// </summary>
/// <remarks>The host's services are resolved on use: the vertical's services are built while the host's catalog loads it.</remarks>
internal sealed class VerticalAppControl(string vertical, IServiceProvider host) : IAppControl
{
    private StateStore State => host.GetRequiredService<StateStore>();

    public async ValueTask<int?> GetServingRevisionAsync(string app, CancellationToken cancellationToken = default)
        => (await State.GetAppAsync(new AppRef(vertical, app), cancellationToken).ConfigureAwait(false))?.CurrentRevision;

    public async Task<AppDeployResult> DeploySpecAsync(string app, JsonElement spec, CancellationToken cancellationToken = default)
    {
        var state = State;
        var staged = Path.Combine(host.GetRequiredService<DataLayout>().Staging, Guid.NewGuid().ToString("N"));
        try
        {
            var record = await state.GetAppAsync(new AppRef(vertical, app), cancellationToken).ConfigureAwait(false)
                ?? throw ApiException.NotFound($"No app '{app}' in vertical '{vertical}'.");
            await AppsApi.StageServingWithSpecAsync(record, spec, state, staged, cancellationToken).ConfigureAwait(false);
            var outcome = await host.GetRequiredService<AppDeployer>().DeployAsync(app, vertical, staged, cancellationToken).ConfigureAwait(false);
            return new AppDeployResult(outcome.Revision, outcome.Unchanged);
        }
        catch (ApiException ex)
        {
            throw new AppControlException(ex.Status, ex.Title, ex.Message, ex.Problems);
        }
        catch (StrataException ex)
        {
            throw new AppControlException(400, "Invalid request", ex.Message, ex.Path is null ? [] : [new(ex.Path, ex.Message)]);
        }
        finally
        {
            if (Directory.Exists(staged))
            {
                Directory.Delete(staged, recursive: true);
            }
        }
    }

    public async Task<bool> CancelJobAsync(string app, string job, CancellationToken cancellationToken = default)
    {
        if (await State.GetAppAsync(new AppRef(vertical, app), cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return false;
        }

        try
        {
            await host.GetRequiredService<AppRuntimes>().For(record).CancelJobAsync(record.Ref, job, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}
