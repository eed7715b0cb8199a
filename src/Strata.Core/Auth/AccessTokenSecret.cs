using System.Security.Cryptography;
using System.Text;

namespace Strata.Core.Auth;

/// <summary>
/// The text of a bearer token, <c>strata_&lt;id&gt;_&lt;secret&gt;</c>: <c>id</c> (16 hex digits) finds its record,
/// <c>secret</c> (32 random bytes, base64url) proves it. Only a SHA-256 of the secret is stored: with 256
/// random bits a fast hash is enough (a KDF guards guessable passwords, which these are not), and a
/// lookup costs no more than a map probe. Comparison is constant-time.
/// </summary>
public static class AccessTokenSecret
{
    private const string Prefix = "strata_";

    /// <summary>A new token: its id, its full text (shown once), and the hash to store.</summary>
    public static (string Id, string Text, string Hash) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}", Hash(secret));
    }

    /// <summary>Splits a token's text into id and secret; false when it does not have the shape.</summary>
    public static bool TryParse(string? text, out string id, out string secret)
    {
        id = secret = "";
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 16 + 1 + 43 || text[Prefix.Length + 16] != '_')
        {
            return false;
        }

        id = text.Substring(Prefix.Length, 16);
        secret = text[(Prefix.Length + 17)..];
        return id.All(char.IsAsciiHexDigitLower) && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    /// <summary>The stored form of a secret: lower-case hex SHA-256.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
