using System.Security.Cryptography;

namespace Strata.Verticals.MobileBackend.Server.Auth;

/// <summary>
/// The app's token signing key: from <c>STRATA_MOBILE_SIGNING_KEY</c> (base64, at least 32 bytes; the
/// vertical maps it from a secret set), or else made once and kept in the app's volume
/// (<c>signing.key</c>, readable by the owner only) so tokens stay valid across restarts.
/// Never logged.
/// </summary>
internal static class SigningKey
{
    /// <summary>The environment variable that carries the key.</summary>
    public const string Variable = "STRATA_MOBILE_SIGNING_KEY";

    /// <summary>The key's bytes.</summary>
    public static byte[] Load(string? fromEnvironment, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            var key = Convert.FromBase64String(fromEnvironment);
            return key.Length >= 32 ? key : throw new InvalidOperationException($"{Variable} must hold at least 32 bytes (base64); it holds {key.Length}.");
        }

        var path = Path.Combine(dataDirectory, "signing.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var made = RandomNumberGenerator.GetBytes(64);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(made));
        }

        try
        {
            // Another replica may have made one first: the first key written wins for both.
            File.Move(temporary, path, overwrite: false);
            return made;
        }
        catch (IOException)
        {
            File.Delete(temporary);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
