using System.Text;

namespace Strata.Server.Tests.BadInput;

/// <summary>
/// One malformed request: its category (for the counts), a one-line summary (for the failure report) and
/// how to send it. <see cref="Path"/> is sent as written (no dot-segment or escape canonicalisation by the client).
/// </summary>
internal sealed record BadInputCase(string Category, string Summary, HttpMethod Method, string Path, Func<HttpContent?>? Body = null)
{
    /// <summary>
    /// Kestrel refuses the request itself (a NUL in the path or a header, an over-long request line), with a bare 400 or 414 before any of the
    /// host's code runs: there is no handler to write ProblemDetails.
    /// </summary>
    public bool ServerRefuses { get; init; } = Refused(Path);

    /// <summary>Whether Kestrel refuses <paramref name="path"/> or <paramref name="contentType"/> before routing.</summary>
    public static bool Refused(string path, string? contentType = null)
        => path.Split('?')[0].Contains("%00", StringComparison.Ordinal) || path.Length > MaxRequestLine || contentType?.Contains('\0', StringComparison.Ordinal) == true;

    /// <summary>Kestrel's default request-line limit (8 KiB, less the method and version): longer lines get a bare 414.</summary>
    private const int MaxRequestLine = 8_000;

    /// <summary>A body of <paramref name="bytes"/> with <paramref name="contentType"/> as given (null: no Content-Type header).</summary>
    public static Func<HttpContent?> Bytes(byte[] bytes, string? contentType) => () =>
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            // Sent as written, charset and all, even where it is not a valid media type.
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    };

    /// <summary>A UTF-8 text body with <paramref name="contentType"/>.</summary>
    public static Func<HttpContent?> Text(string text, string? contentType = "application/json") => Bytes(Encoding.UTF8.GetBytes(text), contentType);

    /// <summary>A POST of <paramref name="json"/> (any text: it need not be valid JSON) as application/json.</summary>
    public static BadInputCase PostJson(string category, string summary, string path, string json)
        => new(category, summary, HttpMethod.Post, path, Text(json));

    /// <summary>A GET.</summary>
    public static BadInputCase Get(string category, string summary, string path) => new(category, summary, HttpMethod.Get, path);
}
