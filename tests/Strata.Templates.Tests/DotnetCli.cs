using System.Diagnostics;
using System.Text;

namespace Strata.Templates.Tests;

/// <summary>Runs the <c>dotnet</c> CLI as a process, bounded in time, offline-friendly and without lingering build nodes.</summary>
internal static class DotnetCli
{
    public static async Task<DotnetResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in 6 minutes; output so far: {await stdout}");
        }

        return new DotnetResult(string.Join(' ', args), process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a <c>dotnet</c> run printed.</summary>
internal sealed record DotnetResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public DotnetResult Succeeded()
    {
        Assert.True(ExitCode == 0, ToString());
        return this;
    }

    public override string ToString() => new StringBuilder().Append("dotnet ").Append(Command).Append(" → exit ").Append(ExitCode)
        .Append("\nstdout:\n").Append(Stdout).Append("\nstderr:\n").Append(Stderr).ToString();
}
