namespace Strata.Core.Discovery;

/// <summary>
/// A listen address as a client on the same machine calls it: scheme, host and port, with a wildcard
/// (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) read as loopback. The host gives apps its gateway's
/// address this way, and the CLI keeps a host's token under it.
/// </summary>
public static class CallableAddress
{
    /// <summary><paramref name="url"/> (a Kestrel URL such as <c>http://+:5000</c> or an absolute URI) as it is called.</summary>
    public static Uri Of(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        var text = url.Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal);
        var uri = new Uri(text);
        var host = uri.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" => "[::1]",
            var other => other,
        };
        return new Uri($"{uri.Scheme}://{host}:{uri.Port}");
    }

    /// <summary><see cref="Of(string)"/> as text without a trailing slash: <c>scheme://host:port</c>.</summary>
    public static string Key(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var callable = Of(url.ToString());
        return $"{callable.Scheme}://{callable.Host}:{callable.Port}";
    }
}
