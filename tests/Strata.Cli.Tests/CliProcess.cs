using System.Diagnostics;
using Strata.Testing;

namespace Strata.Cli.Tests;

/// <summary>Runs the built CLI as a real process: <c>dotnet strata.dll …</c>, or a shell that sources its completion script.</summary>
internal static class CliProcess
{
    public static string CliDll => Path.Combine(RepoPaths.BuildOutput("src/Strata.Cli"), "strata.dll");

    /// <summary>Runs <c>dotnet strata.dll <paramref name="args"/></c> to completion (bounded).</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync("dotnet", [CliDll, .. args]);

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> to completion (bounded), stdout and stderr redirected.</summary>
    public static async Task<CliResult> RunAsync(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("STRATA_SERVER");
        info.Environment.Remove("STRATA_TOKEN");
        info.Environment["STRATA_CONFIG"] = Cli.ConfigPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 2 minutes; output so far: {await stdout}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
