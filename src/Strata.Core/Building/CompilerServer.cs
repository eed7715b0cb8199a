using System.Diagnostics;
using System.Security.Cryptography;

namespace Strata.Core.Building;

/// <summary>
/// One Roslyn compiler server (VBCSCompiler) for the builds of one host. A compile in a warm server
/// takes a fraction of what a fresh compiler process takes to load and JIT itself, which is most of a
/// small project's build. The server is the host's own (MSBuild's <c>SharedCompilationId</c> names its
/// pipe), so the host never shares one with other builds on the machine, and shutting it down stops
/// no one else's. <see cref="EnsureStartedAsync"/> starts it as a child of the host (a compile would
/// otherwise start it detached, outliving a host that is killed with its process tree); disposing shuts
/// it down. A server whose host was killed alone exits by itself after the compiler's idle timeout (10 minutes).
/// </summary>
public sealed class CompilerServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private bool _unavailable;

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

    /// <summary>
    /// Starts the server as a child of this process unless it runs: the SDK's VBCSCompiler of the
    /// <c>dotnet</c> on PATH, as <c>dotnet --version</c> in <paramref name="workingDirectory"/> picks it.
    /// When there is none, builds start the server themselves.
    /// </summary>
    public async Task EnsureStartedAsync(string workingDirectory, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_unavailable || _process is { HasExited: false })
            {
                return;
            }

            _process?.Dispose();
            _process = null;
            if (await FindServerProgramAsync(workingDirectory, ct).ConfigureAwait(false) is not { } program)
            {
                _unavailable = true;
                return;
            }

            var info = new ProcessStartInfo(program[0])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = workingDirectory,
            };
            foreach (var argument in program.Skip(1))
            {
                info.ArgumentList.Add(argument);
            }

            info.ArgumentList.Add("-pipename:" + Id);
            var process = Process.Start(info);
            if (process is null)
            {
                _unavailable = true;
                return;
            }

            // The server writes next to nothing; read it so that it never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The ids of the running processes of this server (none where process command lines cannot be read).</summary>
    public IReadOnlyList<int> FindProcesses() => [.. Running().Select(p => p.Pid)];

    /// <summary>Asks this server to stop, waits for it, and kills it if it does not.</summary>
    public async Task ShutdownAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await ShutdownRunningAsync().ConfigureAwait(false);
            if (_process is { } started)
            {
                if (!started.HasExited)
                {
                    Kill(started);
                }

                started.Dispose();
                _process = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ShutdownRunningAsync()
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

    // The compiler of the SDK a build in that folder uses: <root>/sdk/<version>/Roslyn/bincore/VBCSCompiler.
    private static async Task<string[]?> FindServerProgramAsync(string workingDirectory, CancellationToken ct)
    {
        var dotnet = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
            .FirstOrDefault(File.Exists);
        if (dotnet is null)
        {
            return null;
        }

        var root = Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet)!;
        var info = new ProcessStartInfo(dotnet, ["--version"]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        string version;
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            _ = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            version = (await output.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                return null;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        var bincore = Path.Combine(root, "sdk", version, "Roslyn", "bincore");
        var apphost = Path.Combine(bincore, OperatingSystem.IsWindows() ? "VBCSCompiler.exe" : "VBCSCompiler");
        var library = Path.Combine(bincore, "VBCSCompiler.dll");
        return File.Exists(apphost) ? [apphost] : File.Exists(library) ? [dotnet, library] : null;
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
