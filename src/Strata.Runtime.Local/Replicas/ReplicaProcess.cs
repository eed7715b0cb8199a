using System.Diagnostics;
using Strata.Runtime.Local.Processes;

namespace Strata.Runtime.Local.Replicas;

/// <summary>One OS process of a replica, with its output read in lines, as many as each read of the pipe gives.</summary>
internal sealed class ReplicaProcess : IDisposable
{
    // A process's children may keep its output pipes open after it exits; its exit is not held up
    // for longer than this waiting for the last lines.
    private static readonly TimeSpan OutputDrainWait = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly Task[] _readers;
    private readonly ContainerLaunch? _container;
    private readonly string? _containerName;

    private ReplicaProcess(Process process, Action<string, IReadOnlyList<string>> onLines, ContainerLaunch? container, string? containerName)
    {
        _process = process;
        _container = container;
        _containerName = containerName;
        _readers =
        [
            ReadLinesAsync(process.StandardOutput, "stdout", onLines),
            ReadLinesAsync(process.StandardError, "stderr", onLines),
        ];
        Exited = WaitForExitAsync();
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the process has exited and its output is read.</summary>
    public Task<int> Exited { get; }

    /// <summary>Starts <paramref name="launch"/> with exactly the inherited environment plus <paramref name="environment"/>.</summary>
    public static ReplicaProcess Start(LaunchCommand launch, IReadOnlyDictionary<string, string> environment, Action<string, IReadOnlyList<string>> onLines)
    {
        var start = new ProcessStartInfo(launch.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A replica never reads the host's console input.
            RedirectStandardInput = true,
            WorkingDirectory = launch.WorkingDirectory ?? "",
        };
        var containerName = launch.Container is null ? null : $"strata-{Guid.NewGuid():N}"[..19];
        var arguments = launch.Container is { } container
            ? container.RunArguments(containerName!, environment.Keys, launch.Arguments)
            : launch.Arguments;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in ReplicaEnvironment.Conflicting)
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"'{launch.Program}' did not start.");
        process.StandardInput.Close();
        return new ReplicaProcess(process, onLines, launch.Container, containerName);
    }

    /// <summary>Asks the process to stop (SIGTERM).</summary>
    public void Terminate() => ProcessSignals.Terminate(_process);

    /// <summary>Kills the process and its children, and its container, which is not a child of podman's.</summary>
    public void Kill()
    {
        ProcessSignals.TryKill(_process, entireProcessTree: true);
        if (_container is not null && _containerName is not null)
        {
            RemoveContainer(_container.Options.Podman, _containerName);
        }
    }

    // Fire and forget, bounded: a container that outlives a killed replica would keep its port.
    private static void RemoveContainer(string podman, string name)
    {
        try
        {
            var remove = new ProcessStartInfo(podman) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "rm", "--force", "--time", "0", "--ignore", name })
            {
                remove.ArgumentList.Add(argument);
            }

            using var process = Process.Start(remove);
            if (process is not null && !process.WaitForExit(30_000))
            {
                process.Kill();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // podman is gone: so is what it could remove.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(_readers), Task.Delay(OutputDrainWait)).ConfigureAwait(false);
        return _process.ExitCode;
    }

    // Line ends as StreamReader.ReadLine has them (\n, \r\n, a lone \r); the lines of one read go out
    // together, so a process that writes many at once costs one call (and one log-file write), not one each.
    private static async Task ReadLinesAsync(StreamReader reader, string stream, Action<string, IReadOnlyList<string>> onLines)
    {
        var buffer = new char[8192];
        var partial = new System.Text.StringBuilder();
        var lines = new List<string>();
        var afterCarriageReturn = false;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    var c = buffer[i];
                    if (c == '\n' && afterCarriageReturn)
                    {
                        // The \n of a \r\n whose \r ended the previous line.
                        start = i + 1;
                    }
                    else if (c is '\n' or '\r')
                    {
                        partial.Append(buffer, start, i - start);
                        lines.Add(partial.ToString());
                        partial.Clear();
                        start = i + 1;
                    }

                    afterCarriageReturn = c == '\r';
                }

                partial.Append(buffer, start, read - start);
                if (lines.Count > 0)
                {
                    onLines(stream, lines);
                    lines = [];
                }
            }

            if (partial.Length > 0)
            {
                onLines(stream, [partial.ToString()]);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe closed under us: the process is gone.
        }
    }
}
