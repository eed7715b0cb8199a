using System.Text.Json.Nodes;
using Strata.Verticals.MobileBackend.Schema;
using Strata.Verticals.MobileBackend.Server.Auth;
using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server.Push;

/// <summary>
/// <c>POST /push</c> queues a notification for a user (who may send: <c>spec.push.send</c>, role:admin
/// by default); <c>GET /push/outbox</c> lists the caller's own notifications with their delivery state.
/// </summary>
internal static class PushEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/push", (Delegate)SendAsync);
        app.MapGet("/push/outbox", (Delegate)OutboxAsync);
    }

    private static async Task<IResult> SendAsync(HttpContext context)
    {
        var (caller, problem) = await CallerResolver.ResolveAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var schema = context.RequestServices.GetRequiredService<AppSchema>();
        if (AccessCheck.Collection([schema.PushSenders], caller!, "send push notifications", "push") is { } denied)
        {
            return denied;
        }

        var (body, bodyProblem) = await JsonBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var errors = new List<(string, string)>();
        var userId = JsonBody.String(body!, "userId");
        var title = JsonBody.String(body!, "title");
        var text = JsonBody.String(body!, "body") ?? "";
        if (userId is null)
        {
            errors.Add(("userId", "is required: the id of the user to notify."));
        }

        if (title is null || title.Length is 0 or > 200)
        {
            errors.Add(("title", "is required: a string of 1 to 200 characters."));
        }

        if (body!["data"] is { } data && data is not JsonObject)
        {
            errors.Add(("data", "must be a JSON object when given."));
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        if (userId is not null && await store.FindUserAsync(userId, context.RequestAborted).ConfigureAwait(false) is null)
        {
            errors.Add(("userId", $"no user '{userId}'."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid("The notification is invalid.", errors);
        }

        var id = await store.EnqueuePushAsync(userId!, title!, text, body["data"]?.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        context.RequestServices.GetRequiredService<PushSignal>().Pulse();
        return Results.Json(new JsonObject { ["id"] = id, ["state"] = "pending" }, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> OutboxAsync(HttpContext context)
    {
        var (caller, problem) = await CallerResolver.ResolveAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!caller!.IsSignedIn)
        {
            return Problems.Unauthorized("Sign in to read your notifications.");
        }

        var messages = await context.RequestServices.GetRequiredService<IDocumentStore>().PushForUserAsync(caller.UserId!, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject
        {
            ["id"] = m.Id,
            ["title"] = m.Title,
            ["body"] = m.Body,
            ["state"] = m.State,
            ["attempts"] = m.Attempts,
            ["lastError"] = m.LastError,
        })]));
    }
}
