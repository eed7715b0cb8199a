using Spectre.Console.Testing;
using Strata.Cli.Rendering;

namespace Strata.Cli.Tests;

/// <summary>Runs the CLI in this process with test consoles for stdout and stderr.</summary>
internal static class Cli
{
    /// <summary>
    /// The CLI config these tests use: an empty one of their own, never the user's (which may hold a token
    /// for the very URL a stand-in listens on). Set for the in-process runs when this class is first used.
    /// </summary>
    public static readonly string ConfigPath = Path.Combine(Path.GetTempPath(), $"strata-cli-tests-{Environment.ProcessId}", "config.json");

    static Cli()
    {
        Environment.SetEnvironmentVariable("STRATA_CONFIG", ConfigPath);
        Environment.SetEnvironmentVariable("STRATA_TOKEN", null);
    }

    /// <summary>A console pair: plain (as when redirected) unless <paramref name="rich"/>.</summary>
    public static (CliConsole Console, TestConsole Out, TestConsole Error) Console(bool rich = false, bool interactive = false)
    {
        var output = new TestConsole().Width(100);
        var error = new TestConsole().Width(100);
        if (interactive)
        {
            error.Interactive();
        }

        if (rich)
        {
            output.SupportsAnsi(true);
        }

        return (new CliConsole(output, error, rich), output, error);
    }

    /// <summary>Runs <c>strata <paramref name="args"/></c>; returns its exit code and what it wrote.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var (console, output, error) = Console();
        var exit = await StrataCli.RunAsync(args, new CliContext(console));
        return new CliResult(exit, output.Output, error.Output);
    }
}

/// <summary>What a CLI run did.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The non-empty lines of stderr.</summary>
    public string[] ErrorLines => Stderr.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
