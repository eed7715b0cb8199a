namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>An uploaded file's metadata; the bytes live in the app's volume.</summary>
/// <param name="Id">The file id.</param>
/// <param name="Owner">The uploader.</param>
/// <param name="Name">The name the client gave.</param>
/// <param name="ContentType">The content type it was uploaded with.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="CreatedAt">When it was uploaded.</param>
internal sealed record FileRecord(string Id, string Owner, string Name, string ContentType, long Size, DateTimeOffset CreatedAt);
