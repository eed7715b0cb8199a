using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Strata.Core.Discovery;
using Strata.Server.Gateway.ProcessMode;

namespace Strata.Server.Gateway;

/// <summary>
/// Where this host's gateway answers, for the apps it runs: the address the host was told to listen on
/// when it names a port, else the one it got once listening — the gateway process's in mode
/// <see cref="GatewayMode.Process"/>, the host's own listener in <see cref="GatewayMode.InProcess"/>.
/// A wildcard address (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) is called on loopback: the apps
/// run on this machine.
/// </summary>
internal sealed class GatewayAddress(StrataServerOptions options, IServer server, IHostApplicationLifetime lifetime, IServiceProvider services) : IGatewayAddress
{
    private Uri? _known = Fixed(options.Url);

    public Uri? Known => Volatile.Read(ref _known);

    public async ValueTask<Uri> GetAsync(CancellationToken cancellationToken)
    {
        if (Known is { } known)
        {
            return known;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var bound = services.GetService<GatewayProcessSupervisor>() is { } gateway
            ? (await gateway.ServingAsync(cancellationToken).ConfigureAwait(false)).GetLeftPart(UriPartial.Authority)
            : server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var address = CallableAddress.Of(bound);
        Volatile.Write(ref _known, address);
        return address;
    }

    /// <summary>The address of <paramref name="urls"/> (the first, as Kestrel's <c>UseUrls</c> takes them) when it names a port other than 0.</summary>
    internal static Uri? Fixed(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        var address = CallableAddress.Of(first);
        return address.Port == 0 ? null : address;
    }
}
