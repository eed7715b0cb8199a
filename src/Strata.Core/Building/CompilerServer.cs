using System.Diagnostics;
using System.Security.Cryptography;

namespace Strata.Core.Building;

/// <summary>
/// One Roslyn compiler server (VBCSCompiler) for the builds of one host. A compile in a warm server
/// takes a fraction of what a fresh compiler process takes to load and JIT itself, which is most of a
/// small project's build. The server is the host's own (MSBuild's <c>SharedCompilationId</c> names its
/// pipe), so the host never shares one with other builds on the machine, and shutting it down stops
/// no one else's. Disposing shuts it down; a server whose host was killed exits by itself after the
/// compiler's idle timeout (10 minutes).
/// </summary>
public sealed class CompilerServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A server with a name of its own: <c>strata-&lt;process id&gt;-&lt;random&gt;</c>.</summary>
    public CompilerServer()
        : this($"strata-{System.Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}")
    {
    }

    /// <summary>A server named <paramref name="id"/>.</summary>
    /// <param name="id">The pipe name; short, as it becomes a socket path.</param>
    public CompilerServer(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["UseSharedCompilation"] = "true",
            ["SharedCompilationId"] = id,
        };
    }

    /// <summary>
    /// What a build step's programs get when a build has no server: MSBuild then compiles in a process
    /// of its own that exits with the build, instead of starting the machine's shared server.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NoServer { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["UseSharedCompilation"] = "false",
    };

    /// <summary>The server's pipe name.</summary>
    public string Id { get; }

    /// <summary>
    /// The variables a build step's programs get: MSBuild reads them as properties, so every
    /// <c>dotnet build</c> or <c>dotnet publish</c> of the host compiles in this server unless its
    /// command line says otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The ids of the running processes of this server (none where process command lines cannot be read).</summary>
    public IReadOnlyList<int> FindProcesses() => [.. Running().Select(p => p.Pid)];

    /// <summary>Asks this server to stop, waits for it, and kills it if it does not.</summary>
    public async Task ShutdownAsync()
    {
        foreach (var (pid, program) in Running())
        {
            Process process;
            try
            {
                process = Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                continue;
            }

            using (process)
            {
                using var timeout = new CancellationTokenSource(ShutdownTimeout);
                await AskToStopAsync(program, timeout.Token).ConfigureAwait(false);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Kill(process);
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    // The server's own "-shutdown" lets a compile in progress finish; run with the server's program.
    private async Task AskToStopAsync(IReadOnlyList<string> program, CancellationToken ct)
    {
        var info = new ProcessStartInfo(program[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in program.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("-shutdown");
        info.ArgumentList.Add("-pipename:" + Id);
        try
        {
            using var client = Process.Start(info);
            if (client is not null)
            {
                await client.WaitForExitAsync(ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            // Killed below if it does not stop.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }

    /// <summary>
    /// The processes whose command line is a VBCSCompiler with this pipe name, with the program that
    /// runs the server: its apphost, or <c>dotnet VBCSCompiler.dll</c>.
    /// </summary>
    private IEnumerable<(int Pid, IReadOnlyList<string> Program)> Running()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
        {
            yield break;
        }

        var pipe = "-pipename:" + Id;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || ReadCommandLine(folder) is not { } arguments || !arguments.Contains(pipe))
            {
                continue;
            }

            var server = Array.FindIndex(arguments, a => Path.GetFileName(a) is "VBCSCompiler" or "VBCSCompiler.dll" or "VBCSCompiler.exe");
            if (server >= 0)
            {
                yield return (pid, arguments[..(server + 1)]);
            }
        }
    }

    private static string[]? ReadCommandLine(string processFolder)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(processFolder, "cmdline"));
            return text.Length == 0 ? null : text.TrimEnd('\0').Split('\0');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone, or not ours to read.
            return null;
        }
    }
}
