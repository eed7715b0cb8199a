using System.Text.Json.Nodes;
using Strata.Verticals.MobileBackend.Schema;
using Strata.Verticals.MobileBackend.Server.Auth;
using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server.Files;

/// <summary>
/// <c>/files</c>: upload (POST, the raw bytes with their Content-Type, <c>?name=</c>), download and
/// delete. Uploads need a signed-in user and are refused above <see cref="FileRules.MaxBytes"/>
/// (413, before or while reading) or with a type the spec does not allow (415). Bytes live in the
/// app's volume (<c>files/</c>), metadata in the database.
/// </summary>
internal static class FileEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/files", (Delegate)UploadAsync);
        app.MapGet("/files/{id}", DownloadAsync);
        app.MapDelete("/files/{id}", DeleteAsync);
    }

    private static async Task<IResult> UploadAsync(HttpContext context)
    {
        var (caller, problem) = await CallerResolver.ResolveAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!caller!.IsSignedIn)
        {
            return Problems.Unauthorized("Sign in to upload files.");
        }

        var rules = context.RequestServices.GetRequiredService<AppSchema>().Files;
        var type = context.Request.ContentType;
        if (!rules.Allows(type))
        {
            return Problems.UnsupportedType($"Files of type '{type ?? "(none)"}' are not accepted; the app takes {string.Join(", ", rules.Types)}.");
        }

        if (context.Request.ContentLength > rules.MaxBytes)
        {
            return Problems.TooLarge($"The file has {context.Request.ContentLength} bytes; the app takes at most {rules.MaxBytes}.");
        }

        var storage = context.RequestServices.GetRequiredService<FileStorage>();
        var id = Guid.CreateVersion7().ToString("N");
        var size = await storage.WriteAsync(id, context.Request.Body, rules.MaxBytes, context.RequestAborted).ConfigureAwait(false);
        if (size is null)
        {
            return Problems.TooLarge($"The file is larger than the {rules.MaxBytes} bytes the app takes.");
        }

        var name = context.Request.Query["name"].ToString();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var record = new FileRecord(id, caller.UserId!, name.Length is > 0 and <= 255 ? name : id, type!.Split(';')[0].Trim().ToLowerInvariant(), size.Value, time.GetUtcNow());
        await context.RequestServices.GetRequiredService<IDocumentStore>().AddFileAsync(record, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(Describe(record), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string id)
    {
        var (caller, problem) = await CallerResolver.ResolveAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var record = await store.GetFileAsync(id, context.RequestAborted).ConfigureAwait(false);
        var rule = context.RequestServices.GetRequiredService<AppSchema>().Files.Read;
        if (record is null || AccessCheck.Document([rule], caller!, "read", "files", id, record.Owner) is not null)
        {
            return caller!.IsSignedIn || rule.Kind == AccessKind.Public || record is null
                ? Problems.NotFound($"No file '{id}'.")
                : Problems.Unauthorized("Sign in to read files.");
        }

        var storage = context.RequestServices.GetRequiredService<FileStorage>();
        return Results.File(storage.PathOf(id), record.ContentType, record.Name);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id)
    {
        var (caller, problem) = await CallerResolver.ResolveAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var record = await store.GetFileAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (!caller!.IsSignedIn)
        {
            return Problems.Unauthorized("Sign in to delete files.");
        }

        if (record is null || record.Owner != caller.UserId)
        {
            return Problems.NotFound($"No file '{id}' of yours.");
        }

        await store.DeleteFileAsync(id, context.RequestAborted).ConfigureAwait(false);
        context.RequestServices.GetRequiredService<FileStorage>().Delete(id);
        return Results.NoContent();
    }

    private static JsonObject Describe(FileRecord file) => new()
    {
        ["id"] = file.Id,
        ["name"] = file.Name,
        ["contentType"] = file.ContentType,
        ["size"] = file.Size,
        ["owner"] = file.Owner,
        ["createdAt"] = file.CreatedAt.ToString("O"),
    };
}
