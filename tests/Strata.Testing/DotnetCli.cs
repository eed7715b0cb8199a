using System.Diagnostics;
using System.Text;

namespace Strata.Testing;

/// <summary>Runs the <c>dotnet</c> CLI as a process, bounded in time, offline-friendly and without lingering build nodes.</summary>
public static class DotnetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    /// <summary>Runs <c>dotnet <paramref name="args"/></c> in <paramref name="workingDirectory"/> with <paramref name="environment"/> added; kills it after 6 minutes.</summary>
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
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in {Timeout.TotalMinutes} minutes; output so far: {await stdout.ConfigureAwait(false)}");
        }

        return new DotnetResult(string.Join(' ', args), process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}

/// <summary>What a <c>dotnet</c> run printed.</summary>
/// <param name="Command">The arguments after <c>dotnet</c>.</param>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
public sealed record DotnetResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>This result when the exit code is 0; otherwise throws with the whole output, so a failing test shows why.</summary>
    public DotnetResult Succeeded() => ExitCode == 0 ? this : throw new InvalidOperationException(ToString());

    /// <inheritdoc />
    public override string ToString() => new StringBuilder().Append("dotnet ").Append(Command).Append(" → exit ").Append(ExitCode)
        .Append("\nstdout:\n").Append(Stdout).Append("\nstderr:\n").Append(Stderr).ToString();
}
