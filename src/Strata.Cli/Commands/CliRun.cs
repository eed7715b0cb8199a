using System.CommandLine;
using Strata.Cli.Rendering;

namespace Strata.Cli.Commands;

/// <summary>Runs a command body: a <see cref="CliException"/> becomes its lines on stderr and its exit code.</summary>
internal static class CliRun
{
    /// <summary>Sets <paramref name="body"/> as the command's action, with a client of the host <c>--server</c> names.</summary>
    public static void SetClientAction(this Command command, CliContext cli, Func<ParseResult, StrataClient, CancellationToken, Task> body)
        => command.SetAction((parse, ct) => RunClientAsync(parse, cli, body, ct));

    /// <summary>Runs <paramref name="body"/> with a client of the host <c>--server</c> names.</summary>
    public static Task<int> RunClientAsync(ParseResult parse, CliContext cli, Func<ParseResult, StrataClient, CancellationToken, Task> body, CancellationToken ct)
        => GuardAsync(cli.Console, async () =>
        {
            using var client = cli.CreateClient(cli.ServerOf(parse));
            await body(parse, client, ct).ConfigureAwait(false);
        });

    /// <summary>Runs <paramref name="body"/>; a <see cref="CliException"/> becomes its lines on <paramref name="console"/>'s stderr and its exit code.</summary>
    public static async Task<int> GuardAsync(CliConsole console, Func<Task> body)
    {
        try
        {
            await body().ConfigureAwait(false);
            return 0;
        }
        catch (CliException ex)
        {
            foreach (var line in ex.Lines)
            {
                console.WriteError(line);
            }

            return ex.ExitCode;
        }
    }

    /// <summary>Runs <paramref name="body"/>; a <see cref="CliException"/> becomes its lines on the process's stderr and its exit code.</summary>
    public static async Task<int> GuardAsync(Func<Task> body)
    {
        try
        {
            await body().ConfigureAwait(false);
            return 0;
        }
        catch (CliException ex)
        {
            foreach (var line in ex.Lines)
            {
                await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
            }

            return ex.ExitCode;
        }
    }

    /// <summary>Prints the host's answer: as JSON with <c>--output json</c>, else as <paramref name="table"/> draws it.</summary>
    public static void Print(this CliContext cli, ParseResult parse, System.Text.Json.Nodes.JsonNode? answer, Action<CliConsole> table)
    {
        if (cli.FormatOf(parse) == OutputFormat.Json)
        {
            cli.Console.WriteJson(answer);
        }
        else
        {
            table(cli.Console);
        }
    }

    /// <summary>Refuses <c>--output json</c> for a command whose answer is not JSON (logs, YAML).</summary>
    public static void RefuseJson(this CliContext cli, ParseResult parse, string why)
    {
        if (cli.FormatOf(parse) == OutputFormat.Json)
        {
            throw new CliException(CliException.InvalidInput, $"error: --output json: {why}; drop --output json.");
        }
    }
}
