using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Core.Images;

/// <summary>
/// A minimal base image made from this machine's .NET runtime, for machines that cannot reach a
/// public registry: the shared frameworks (<c>Microsoft.NETCore.App</c>, <c>Microsoft.AspNetCore.App</c>)
/// and the <c>dotnet</c> host under <c>/usr/share/dotnet</c>, the shared libraries they load (as
/// <c>ldd</c> reports them, plus OpenSSL, which is loaded at run time), CA certificates, <c>/etc/passwd</c>
/// and <c>/tmp</c>. Globalization is invariant: ICU is not included.
/// </summary>
public static partial class DotnetBaseImage
{
    private const string ImageDotnetRoot = "/usr/share/dotnet";

    // The LTTng tracing provider: optional (the runtime runs without it) and it needs liblttng-ust,
    // which most machines lack.
    private const string TraceProvider = "/libcoreclrtraceptprovider.so";

    /// <summary>The tag: the version of the .NET runtime this process runs on, e.g. <c>10.0.12</c>.</summary>
    public static string Tag => Environment.Version.ToString();

    /// <summary>
    /// Returns <paramref name="repository"/>:<see cref="Tag"/> in the registry, pushing it first when
    /// the registry does not have it yet.
    /// </summary>
    /// <exception cref="StrataException">This machine is not Linux x64, a library cannot be found, or the registry failed.</exception>
    public static async Task<ImageReference> EnsureAsync(OciRegistryClient registry, string repository, string workDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var image = new ImageReference(registry.Address, repository, Tag);
        if (await registry.GetManifestDigestAsync(repository, Tag, ct).ConfigureAwait(false) is not null)
        {
            return image;
        }

        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new StrataException($"Strata can only seed a base image from a Linux x64 machine; this one is {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}. Set Strata:Registry:BaseImage to an image in your registry.", "Strata:Registry:BaseImage");
        }

        var layerPath = Path.Combine(workDirectory, $"dotnet-runtime-{Tag}.tar.gz");
        var layer = ImageLayer.Create(layerPath, await EntriesAsync(ct).ConfigureAwait(false));
        try
        {
            await new ImagePusher(registry).PushAsync(null, [layer], new ImageSettings
            {
                Environment = new Dictionary<string, string>
                {
                    ["PATH"] = $"{ImageDotnetRoot}:/usr/local/bin:/usr/bin:/bin",
                    ["DOTNET_ROOT"] = ImageDotnetRoot,
                    ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
                    ["DOTNET_VERSION"] = Tag,
                },
                WorkingDirectory = "/app",
            }, repository, Tag, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(layerPath);
        }

        return image;
    }

    /// <summary>What goes into the image (public for tests that inspect it).</summary>
    public static async Task<IReadOnlyList<ImageLayer.Entry>> EntriesAsync(CancellationToken ct)
    {
        // .../shared/Microsoft.NETCore.App/<version>/
        var netcore = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory()).TrimEnd('/');
        var version = Path.GetFileName(netcore);
        var root = Path.GetFullPath(Path.Combine(netcore, "..", "..", ".."));
        var entries = new List<ImageLayer.Entry>
        {
            new($"{ImageDotnetRoot}/dotnet", Path.Combine(root, "dotnet")),
        };
        entries.AddRange(ImageLayer.FolderEntries(Path.Combine(root, "host"), $"{ImageDotnetRoot}/host"));
        entries.AddRange(ImageLayer.FolderEntries(netcore, $"{ImageDotnetRoot}/shared/Microsoft.NETCore.App/{version}")
            .Where(e => !e.ImagePath.EndsWith(TraceProvider, StringComparison.Ordinal)));
        var aspnet = Path.Combine(root, "shared", "Microsoft.AspNetCore.App", version);
        if (Directory.Exists(aspnet))
        {
            entries.AddRange(ImageLayer.FolderEntries(aspnet, $"{ImageDotnetRoot}/shared/Microsoft.AspNetCore.App/{version}"));
        }

        var binaries = new List<string> { Path.Combine(root, "dotnet") };
        binaries.AddRange(Directory.EnumerateFiles(netcore, "*.so").Where(f => !f.EndsWith(TraceProvider, StringComparison.Ordinal)));
        binaries.AddRange(Directory.EnumerateFiles(Path.Combine(root, "host"), "*.so", SearchOption.AllDirectories));
        binaries.AddRange(OpenSslLibraries());
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var binary in binaries)
        {
            foreach (var library in await LddAsync(binary, ct).ConfigureAwait(false))
            {
                libraries.Add(library);
            }
        }

        foreach (var library in libraries.Concat(OpenSslLibraries()))
        {
            entries.Add(new ImageLayer.Entry(library, library));
        }

        if (File.Exists("/etc/ssl/certs/ca-certificates.crt"))
        {
            entries.Add(new ImageLayer.Entry("/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs/ca-certificates.crt", (UnixFileMode)420 /* 0644 */));
        }

        var fileMode = (UnixFileMode)420 /* 0644 */;
        entries.Add(new ImageLayer.Entry("/etc/passwd", null, fileMode, Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/app:/sbin/nologin\n")));
        entries.Add(new ImageLayer.Entry("/etc/group", null, fileMode, Encoding.ASCII.GetBytes("root:x:0:\napp:x:1654:\n")));
        entries.Add(new ImageLayer.Entry("/tmp", null, (UnixFileMode)1023 /* 01777 */));
        entries.Add(new ImageLayer.Entry("/app", null));
        return entries;
    }

    // libSystem.Security.Cryptography.Native.OpenSsl.so opens libssl with dlopen, which ldd does not see.
    private static IEnumerable<string> OpenSslLibraries()
    {
        foreach (var folder in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib" })
        {
            var ssl = Path.Combine(folder, "libssl.so.3");
            if (File.Exists(ssl))
            {
                return [ssl, Path.Combine(folder, "libcrypto.so.3")];
            }
        }

        return [];
    }

    private static async Task<IReadOnlyList<string>> LddAsync(string binary, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ldd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(binary);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new StrataException("ldd did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new StrataException($"Seeding the .NET base image needs 'ldd' (Debian package libc-bin): {ex.Message}", null, ex);
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
            await process.StandardError.ReadToEndAsync(ct).ConfigureAwait(false);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            var libraries = new List<string>();
            foreach (var line in output.Split('\n'))
            {
                if (line.Contains("not found", StringComparison.Ordinal))
                {
                    throw new StrataException($"ldd {binary}: {line.Trim()}; install the library and seed the base image again.");
                }

                if (LddPath().Match(line) is { Success: true } match)
                {
                    libraries.Add(match.Groups["path"].Value);
                }
            }

            return libraries;
        }
    }

    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)".
    [GeneratedRegex(@"(?:=>\s*|^\s*)(?<path>/\S+)\s+\(0x")]
    private static partial Regex LddPath();
}
