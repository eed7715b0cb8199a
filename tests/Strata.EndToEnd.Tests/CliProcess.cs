using System.Diagnostics;
using System.Text;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>Runs the built <c>strata</c> CLI as a real process.</summary>
internal static class CliProcess
{
    public static string CliDll => Path.Combine(RepoPaths.BuildOutput("src/Strata.Cli"), "strata.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("STRATA_SERVER");
        info.Environment.Remove("STRATA_TOKEN");
        // A host ('strata up') starts its compiler server at its first build, not when it starts: most
        // test hosts never build, and a server each would load the machine. A test may set it otherwise.
        info.Environment["STRATA_Strata__Build__CompilerServer"] = "OnFirstBuild";

        // The CLI's config (server URL and token per host, written by 'strata up') lives in the test's
        // folder, never in the user's home: a host and the CLI runs of one test share it.
        info.Environment["STRATA_CONFIG"] = ConfigPath(workingDirectory);
        return info;
    }

    /// <summary>The CLI config file of the CLI and hosts run in <paramref name="workingDirectory"/>.</summary>
    public static string ConfigPath(string workingDirectory) => Path.Combine(workingDirectory, ".strata-cli.json");

    /// <summary>Runs the CLI to completion (bounded) and returns its exit code and output.</summary>
    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), null, args);

    /// <summary>Runs the CLI as above with <paramref name="environment"/> set and <paramref name="stdin"/> on its standard input (none: closed at once).</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, string? stdin, params string[] args)
    {
        var info = StartInfo(workingDirectory, args);
        info.RedirectStandardInput = true;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(stdin ?? "");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"strata {string.Join(' ', args)} did not finish in 4 minutes; output so far: {await stdout}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a CLI run printed.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => new StringBuilder().Append("exit ").Append(ExitCode).Append("\nstdout:\n").Append(Stdout).Append("\nstderr:\n").Append(Stderr).ToString();
}
