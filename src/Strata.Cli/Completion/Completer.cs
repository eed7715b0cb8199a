using System.CommandLine;
using System.CommandLine.Parsing;

namespace Strata.Cli.Completion;

/// <summary>
/// What may come at the cursor of a command line: subcommands, options (with those of ancestors marked
/// recursive), the values an option or argument accepts, and names from the host. The shells filter again;
/// candidates here already start with the word being completed.
/// </summary>
/// <remarks>
/// System.CommandLine 2.0.0's own <c>GetCompletions</c> misses the values of a recursive option given after a
/// subcommand (<c>strata apps -o j</c>) and does not filter argument suggestions, so the walk is done here
/// with its command tree and completion sources.
/// </remarks>
internal static class Completer
{
    /// <summary>
    /// The candidates for <paramref name="line"/> (the whole command line, program name first) with the cursor at
    /// <paramref name="position"/> (characters from the start of the line; null: at the end).
    /// </summary>
    public static IReadOnlyList<string> Complete(RootCommand root, string line, int? position)
    {
        var cut = position is { } p ? (p <= line.Length ? line[..Math.Max(0, p)] : line.PadRight(p)) : line;
        var words = CommandLineParser.SplitCommandLine(cut).ToList();
        var current = cut.Length == 0 || char.IsWhiteSpace(cut[^1]) ? "" : words.Count > 0 ? words[^1] : "";
        if (current.Length > 0)
        {
            words.RemoveAt(words.Count - 1);
        }

        if (words.Count > 0)
        {
            words.RemoveAt(0); // the program's name
        }

        var (command, pending, positional) = Walk(root, words);
        var context = root.Parse([.. words, current]).GetCompletionContext();
        IEnumerable<string> candidates;
        if (pending is not null)
        {
            candidates = pending.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Concat(pending.GetCompletions(context)).Select(c => c.Label);
        }
        else if (current.StartsWith('-'))
        {
            candidates = VisibleOptions(command).SelectMany(o => new[] { o.Name }.Concat(o.Aliases.Order(StringComparer.Ordinal)));
        }
        else
        {
            var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            var argument = command.Arguments.Where(a => !a.Hidden).ElementAtOrDefault(positional)
                ?? command.Arguments.LastOrDefault(a => a.Arity.MaximumNumberOfValues > 1);
            candidates = subcommands.Concat(argument?.GetCompletions(context).Select(c => c.Label) ?? []).ToList();
            if (argument is null && !candidates.Any())
            {
                // No argument can come here: offer the options. (An argument without suggestions, such as
                // deploy's folder, gets none, so that the shell falls back to completing paths.)
                candidates = VisibleOptions(command).Select(o => o.Name);
            }
        }

        return [.. candidates.Where(c => c.StartsWith(current, StringComparison.Ordinal) && !c.StartsWith('/') && c != "-?").Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Follows <paramref name="words"/> down the tree: the command reached, an option still waiting for its value, and how many arguments were given.</summary>
    private static (Command Command, Option? Pending, int Positional) Walk(RootCommand root, IReadOnlyList<string> words)
    {
        Command command = root;
        Option? pending = null;
        var positional = 0;
        var onlyArguments = false;
        foreach (var word in words)
        {
            if (pending is not null)
            {
                pending = null;
                continue;
            }

            if (!onlyArguments && word == "--")
            {
                onlyArguments = true;
                continue;
            }

            if (!onlyArguments && word.StartsWith('-') && word.Length > 1)
            {
                var name = word.Split('=', 2)[0];
                var option = VisibleOptions(command, includeHidden: true).FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
                if (option is not null && !word.Contains('=', StringComparison.Ordinal) && TakesValue(option))
                {
                    pending = option;
                }

                continue;
            }

            if (!onlyArguments && command.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word)) is { } sub)
            {
                command = sub;
                positional = 0;
                continue;
            }

            positional++;
        }

        return (command, pending, positional);
    }

    // A flag (bool) takes no value on its own; anything else takes the next word.
    private static bool TakesValue(Option option) => option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;

    private static IEnumerable<Option> VisibleOptions(Command command, bool includeHidden = false)
    {
        var options = new List<Option>(command.Options);
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            options.AddRange(parent.Options.Where(o => o.Recursive));
        }

        return options.Where(o => includeHidden || !o.Hidden);
    }
}
