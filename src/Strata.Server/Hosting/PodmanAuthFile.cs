using System.Text;
using System.Text.Json.Nodes;
using Strata.Core.Images;

namespace Strata.Server.Hosting;

/// <summary>
/// The credentials podman pulls revision images with, when the registry requires them: a
/// containers-auth.json in the host's data folder, readable by its owner only.
/// </summary>
internal static class PodmanAuthFile
{
    /// <summary>Writes <c>&lt;data&gt;/registry-auth.json</c> for <paramref name="registry"/> and returns its path; null (and no file) without credentials.</summary>
    public static string? Write(string dataDirectory, RegistryOptions registry)
    {
        var path = Path.Combine(dataDirectory, "registry-auth.json");
        if (!registry.Enabled || string.IsNullOrEmpty(registry.Username))
        {
            File.Delete(path);
            return null;
        }

        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.Username}:{registry.Password}"));
        var json = new JsonObject { ["auths"] = new JsonObject { [registry.Address!.Trim()] = new JsonObject { ["auth"] = auth } } };
        // Created owner-only, so the secret is never readable by others, not even briefly; an existing
        // file keeps its mode on open, hence the second step.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (File.Exists(path))
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(Encoding.UTF8.GetBytes(json.ToJsonString()));
        }

        return path;
    }
}
