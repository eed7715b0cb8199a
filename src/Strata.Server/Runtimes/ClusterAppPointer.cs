using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core.Runtime;
using Strata.Core.State;

namespace Strata.Server.Runtimes;

/// <summary>
/// Answers a gateway request for an app that runs on another runtime (the cluster routes it, not the host)
/// with a pointer instead of a bare 404. It only matches where the gateway has no route, so local apps
/// are served exactly as before.
/// </summary>
internal static class ClusterAppPointer
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/apps/{vertical}/{app}/{**rest}", AnswerAsync)
            .WithOrder(int.MaxValue)
            .ExcludeFromDescription();
    }

    private static async Task<IResult> AnswerAsync(string vertical, string app, StateStore state, AppRuntimes runtimes, CancellationToken ct)
    {
        if (!IsName(vertical) || !IsName(app)
            || await state.GetAppAsync(new AppRef(vertical, app), ct).ConfigureAwait(false) is not { } record
            || AppRuntimes.IsLocal(record))
        {
            return Results.NotFound();
        }

        var status = await runtimes.For(record).GetStatusAsync(record.Ref, ct).ConfigureAwait(false);
        var inside = status.Services.Select(s => s.Uri).OfType<Uri>().Select(u => u.ToString()).ToList();
        return Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "App runs on another runtime",
            detail: $"App {record.Ref} runs on the {record.Runtime} runtime: the cluster's Ingress or HTTPRoute routes it, not this host's gateway." +
                    (inside.Count == 0 ? "" : $" Inside the cluster: {string.Join(", ", inside)}."));
    }

    // Only names a gateway path can carry; anything else is not an app (and not worth a state lookup).
    private static bool IsName(string value) => Core.Naming.StrataNames.CheckDnsLabel(value) is null;
}
