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
/// it down. A server whose host was killed alone is stopped by the next host on the same data folder
/// (<see cref="Record"/>), or exits by itself after the compiler's idle timeout (10 minutes).
/// <see cref="WarmUpAsync"/> compiles a small file in it, so that the first build finds the compiler
/// loaded and compiled to machine code.
/// </summary>
public sealed class CompilerServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private ServerProgram? _program;
    private bool _unavailable;
    private bool _disposed;

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
    /// Where the server this instance starts is recorded until it is shut down, so that a host that starts
    /// after this one was killed can stop the server it left behind (<see cref="CompilerServerRecord.ReapLeftover"/>);
    /// null: not recorded.
    /// </summary>
    public CompilerServerRecord? Record { get; init; }

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
            // A server disposed of (its host stopping) is not started again: nothing would stop it.
            if (_unavailable || _disposed || _process is { HasExited: false })
            {
                return;
            }

            _process?.Dispose();
            _process = null;
            _program ??= await FindServerProgramAsync(workingDirectory, ct).ConfigureAwait(false);
            if (_program is not { } found)
            {
                _unavailable = true;
                return;
            }

            var program = found.Server;
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
            Record?.Write(Id, process.Id);
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

            Record?.Delete();
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

    /// <summary>Shuts the server down (<see cref="ShutdownAsync"/>); it is not started again.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        _disposed = true;
        _gate.Release();
        await ShutdownAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the server unless it runs (<see cref="EnsureStartedAsync"/>), waits until it listens, and
    /// compiles a small file in it against the SDK's reference assemblies of .NET and ASP.NET Core and
    /// with their analyzers and source generators, which is what an app's compile loads: the server keeps
    /// them loaded, and the compiler's code is compiled to machine code once, here. Nothing is left
    /// behind but the output in <paramref name="workingDirectory"/>.
    /// </summary>
    /// <returns>Whether it compiled; false when there is no server to warm (no SDK compiler found, or it does not listen).</returns>
    /// <exception cref="StrataException">The compile failed.</exception>
    public async Task<bool> WarmUpAsync(string workingDirectory, CancellationToken ct)
    {
        Directory.CreateDirectory(workingDirectory);
        await EnsureStartedAsync(workingDirectory, ct).ConfigureAwait(false);
        if (_program is not { } program || !await WaitUntilListeningAsync(ct).ConfigureAwait(false))
        {
            return false;
        }

        var arguments = CompilerWarmUp.Arguments(program.Root, program.Sdk, Id, workingDirectory);
        var info = new ProcessStartInfo(program.Client[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in program.Client.Skip(1).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var client = Process.Start(info);
        if (client is null)
        {
            return false;
        }

        var output = client.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = client.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await client.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(client);
            throw;
        }

        await Task.WhenAll(output, error).ConfigureAwait(false);
        if (client.ExitCode != 0)
        {
            var said = string.Join(' ', ((await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false))).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
            throw new StrataException($"The compiler server's warm-up compile exited with {client.ExitCode}: {said}", workingDirectory);
        }

        return true;
    }

    // The server's pipe: on Unix a socket the compiler puts in /tmp whatever TMPDIR says (a short path, as
    // socket paths are limited). A client that finds no server would start one of its own, detached from
    // the host, so the warm-up waits for it.
    private async Task<bool> WaitUntilListeningAsync(CancellationToken ct)
    {
        var pipe = OperatingSystem.IsWindows() ? @"\\.\pipe\" + Id : Path.Combine("/tmp", Id);
        var deadline = Stopwatch.GetTimestamp() + (long)(ListenTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!File.Exists(pipe))
        {
            if (_process is not { HasExited: false } || Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        return true;
    }

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
    private static async Task<ServerProgram?> FindServerProgramAsync(string workingDirectory, CancellationToken ct)
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

        var sdk = Path.Combine(root, "sdk", version);
        var bincore = Path.Combine(sdk, "Roslyn", "bincore");
        return Program(dotnet, bincore, "VBCSCompiler") is { } server && Program(dotnet, bincore, "csc") is { } client
            ? new ServerProgram(server, client, root, sdk)
            : null;
    }

    // Its apphost, or 'dotnet <name>.dll'.
    private static string[]? Program(string dotnet, string bincore, string name)
    {
        var apphost = Path.Combine(bincore, OperatingSystem.IsWindows() ? name + ".exe" : name);
        var library = Path.Combine(bincore, name + ".dll");
        return File.Exists(apphost) ? [apphost] : File.Exists(library) ? [dotnet, library] : null;
    }

    /// <summary>The SDK's compiler server and command-line compiler, the .NET root and the SDK's folder.</summary>
    private sealed record ServerProgram(string[] Server, string[] Client, string Root, string Sdk);

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

        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid)
                && ReadCommandLine(folder) is { } arguments
                && ServerProgramLength(arguments, Id) is var length and > 0)
            {
                yield return (pid, arguments[..length]);
            }
        }
    }

    /// <summary>
    /// Whether process <paramref name="pid"/> is a VBCSCompiler with pipe name <paramref name="id"/>
    /// (false where its command line cannot be read).
    /// </summary>
    internal static bool IsServer(int pid, string id) =>
        ReadCommandLine(Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture))) is { } arguments
        && ServerProgramLength(arguments, id) > 0;

    // How many arguments name the server's program when the command line is a VBCSCompiler with this
    // pipe name (its apphost, or 'dotnet VBCSCompiler.dll'); 0 when it is not.
    private static int ServerProgramLength(string[] arguments, string id)
    {
        if (!arguments.Contains("-pipename:" + id))
        {
            return 0;
        }

        return Array.FindIndex(arguments, a => Path.GetFileName(a) is "VBCSCompiler" or "VBCSCompiler.dll" or "VBCSCompiler.exe") + 1;
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
