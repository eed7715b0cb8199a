using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Verticals.MobileBackend.Server.Auth;
using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server.Feed;

/// <summary>
/// <c>GET /collections/{collection}/changes</c>: the collection's changes as server-sent events, one
/// event per change with the change's sequence number as its id, oldest first, from the change log
/// in the database. A client that reconnects with <c>Last-Event-ID</c> (or <c>?after=</c>) gets every
/// change after that one exactly once; a new client starts from now unless it asks <c>?after=0</c>.
/// An owner-only reader sees the changes of their own documents only.
/// </summary>
internal static class ChangeFeedEndpoint
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    // An event stream is not HTML: '+' in a timestamp need not become \u002B.
    private static readonly JsonSerializerOptions EventJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/collections/{collection}/changes", StreamAsync);

    private static async Task StreamAsync(HttpContext context, string collection)
    {
        var (schema, caller, problem) = await CollectionEndpoints.BeginAsync(context, collection).ConfigureAwait(false);
        problem ??= AccessCheck.Collection(schema?.Access.Read ?? [], caller ?? Caller.Anonymous, "read", collection);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var signal = context.RequestServices.GetRequiredService<ChangeSignal>();
        var owner = AccessCheck.AdmitsAll(schema!.Access.Read, caller!) ? null : caller!.UserId;
        var resume = context.Request.Headers["Last-Event-ID"].ToString();
        if (resume.Length == 0)
        {
            resume = context.Request.Query["after"].ToString();
        }

        long after;
        if (resume.Length > 0)
        {
            if (!long.TryParse(resume, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            {
                await Problems.Invalid("Last-Event-ID", $"must be the id of an event of this feed (a whole number), not '{resume}'.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }
        else
        {
            after = await store.LatestSequenceAsync(context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.WriteAsync($": feed of {collection} after {after}\nretry: 1000\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        var quietSince = DateTime.UtcNow;
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                var next = signal.Next;
                var changes = await store.ChangesAsync(collection, after, owner, 100, context.RequestAborted).ConfigureAwait(false);
                if (changes.Count > 0)
                {
                    var text = new StringBuilder();
                    foreach (var change in changes)
                    {
                        var data = new JsonObject { ["seq"] = change.Sequence, ["op"] = change.Operation, ["id"] = change.DocumentId, ["document"] = change.Document };
                        text.Append(CultureInfo.InvariantCulture, $"id: {change.Sequence}\nevent: {change.Operation}\ndata: {data.ToJsonString(EventJson)}\n\n");
                        after = change.Sequence;
                    }

                    await context.Response.WriteAsync(text.ToString(), context.RequestAborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    quietSince = DateTime.UtcNow;
                    continue;
                }

                if (DateTime.UtcNow - quietSince > KeepAlive)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", context.RequestAborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    quietSince = DateTime.UtcNow;
                }

                await Task.WhenAny(next, Task.Delay(Poll, context.RequestAborted)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
