using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Strata.Building;

namespace Strata.Core.Building;

/// <summary>Runs a program for a build step, streaming its output to the step's log.</summary>
internal static class BuildProcess
{
    // Enough of the output to see why a tool failed without repeating the whole log.
    private const int TailLines = 20;

    private static readonly TimeSpan OutputGracePeriod = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        ILogger logger,
        CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        ct.ThrowIfCancellationRequested();

        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var commandLine = string.Join(' ', info.ArgumentList.Prepend(fileName));
        BuildLog.ProcessStarting(logger, commandLine);

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new BuildStepException($"'{fileName}' was not found or could not be started ({e.Message}). Ensure it is installed and on PATH.", e);
        }

        // A build tool that waits for input would hang the build; give it end-of-file at once.
        process.StandardInput.Close();

        var tail = new Queue<string>(TailLines);
        var stdout = PumpAsync(process.StandardOutput, line => BuildLog.OutputLine(logger, line), tail);
        var stderr = PumpAsync(process.StandardError, line => BuildLog.ErrorLine(logger, line), tail);

        using (ct.UnsafeRegister(_ => Kill(process), null))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // After the exit the pipes hold only what is left to read, unless a detached grandchild (a
        // build server, say) inherited them and keeps them open; do not wait on such a one forever.
        var pumps = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(pumps, Task.Delay(OutputGracePeriod, CancellationToken.None)).ConfigureAwait(false) == pumps)
        {
            // Surfaces a failure of the log sink instead of losing it.
            await pumps.ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            string[] lines;
            lock (tail)
            {
                lines = [.. tail];
            }

            var output = lines.Length == 0 ? "" : $" Last output:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
            throw new BuildStepException($"'{commandLine}' exited with code {process.ExitCode}.{output}");
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> log, Queue<string> tail)
    {
        while (await ReadLineAsync(reader).ConfigureAwait(false) is { } line)
        {
            log(line);
            lock (tail)
            {
                if (tail.Count == TailLines)
                {
                    tail.Dequeue();
                }

                tail.Enqueue(line);
            }
        }
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader)
    {
        try
        {
            return await reader.ReadLineAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The process was disposed after the grace period while a grandchild kept the pipe open.
            return null;
        }
    }

    // Tools such as dotnet leave build servers and children behind; cancelling must stop them all.
    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }
}
