using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Invocation;
using Strata.Cli.Commands;
using Strata.Cli.Completion;

namespace Strata.Cli;

/// <summary>
/// The <c>strata</c> command line: builds the command tree and runs it so that every failure is
/// <c>error: …</c> lines on stderr and a documented exit code (see <see cref="CliException"/>), parse errors included.
/// </summary>
internal static class StrataCli
{
    /// <summary>The command tree, with its global options and the <c>[suggest:N]</c> directive answered by <see cref="Completer"/>.</summary>
    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("Strata: build your own vertical PaaS on a container-as-a-service.");
        root.Options.Add(cli.Server);
        root.Options.Add(cli.Output);
        root.Options.Add(cli.Json);
        root.Subcommands.Add(UpCommand.Create());
        root.Subcommands.Add(NewCommand.Create(cli));
        root.Subcommands.Add(DeployCommand.Create(cli));
        root.Subcommands.Add(RollbackCommand.Create(cli));
        root.Subcommands.Add(RenderCommand.Create(cli));
        root.Subcommands.Add(PluginCommand.Create(cli));
        root.Subcommands.Add(TokenCommand.Create(cli));
        root.Subcommands.Add(LoginCommand.Create(cli));
        foreach (var command in InspectCommands.Create(cli))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(CompletionCommand.Create(cli));
        var suggest = root.Directives.OfType<SuggestDirective>().SingleOrDefault();
        if (suggest is null)
        {
            suggest = new SuggestDirective();
            root.Directives.Add(suggest);
        }

        suggest.Action = new SuggestAction(root, suggest, cli);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext cli, CancellationToken ct = default)
    {
        var root = Build(cli);
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction || (parse.Action is null && parse.Errors.Count > 0))
        {
            ReportParseErrors(parse, cli);
            return CliException.InvalidInput;
        }

        var invocation = new InvocationConfiguration { Output = cli.Console.OutWriter, Error = cli.Console.ErrorWriter, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(invocation, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cli.Console.WriteError("error: cancelled.");
            return CliException.Interrupted;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug, not the user's fault: one line, and the stack trace only when asked for.
            cli.Console.WriteError($"error: unexpected {ex.GetType().Name}: {ex.Message} (a bug in strata; set STRATA_DEBUG=1 to see where)");
            if (Environment.GetEnvironmentVariable("STRATA_DEBUG") is "1" or "true")
            {
                cli.Console.WriteError(ex.ToString());
            }

            return CliException.Internal;
        }
    }

    /// <summary>One <c>error:</c> line per parse error (with a guess for a mistyped command), the last one saying where help is.</summary>
    private static void ReportParseErrors(ParseResult parse, CliContext cli)
    {
        var command = parse.CommandResult.Command;
        var names = new List<string>();
        for (var c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "strata" : c.Name);
        }

        var messages = parse.Errors.Select(e => OneLine(e.Message)).Distinct(StringComparer.Ordinal).ToList();
        // "Required command was not provided" says nothing more when a word was not understood.
        if (parse.UnmatchedTokens.Count > 0 && messages.Count > 1)
        {
            messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
        }

        if (parse.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-')) is { } word && Guess(command, word) is { } guess)
        {
            messages.Add($"did you mean '{string.Join(' ', names.Skip(1).Append(guess).Prepend("strata"))}'?");
        }

        if (messages.Count == 0)
        {
            messages.Add("the command line could not be parsed.");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            cli.Console.WriteError(i == messages.Count - 1 ? $"error: {messages[i].TrimEnd('.')} (see '{string.Join(' ', names)} --help')." : $"error: {messages[i]}");
        }
    }

    // The subcommand a mistyped word most likely meant: a prefix of it, or at most two edits away.
    private static string? Guess(Command command, string word)
        => command.Subcommands.Where(c => !c.Hidden)
            .Select(c => (c.Name, Distance: c.Name.StartsWith(word, StringComparison.Ordinal) ? 0 : Edits(c.Name, word)))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();

    private static int Edits(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    // System.CommandLine lists allowed values on indented lines: fold them into the sentence.
    private static string OneLine(string message)
        => string.Join(' ', message.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)).TrimEnd('.') + ".";
}
