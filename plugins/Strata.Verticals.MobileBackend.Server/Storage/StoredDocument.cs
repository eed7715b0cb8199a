using System.Text.Json.Nodes;

namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>A document as stored: its fields plus the ones every document has.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Owner">The id of the user who created it; null when an anonymous caller did (public write).</param>
/// <param name="Version">1 when created, one more on each change.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Data">The declared fields.</param>
internal sealed record StoredDocument(string Id, string? Owner, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JsonObject Data)
{
    /// <summary>The document as the API shows it: the fields every document has, then its own.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["owner"] = Owner,
            ["version"] = Version,
            ["createdAt"] = CreatedAt.ToString("O"),
            ["updatedAt"] = UpdatedAt.ToString("O"),
        };
        foreach (var (key, value) in Data)
        {
            json[key] = value?.DeepClone();
        }

        return json;
    }
}
