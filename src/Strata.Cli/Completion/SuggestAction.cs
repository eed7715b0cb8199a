using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Strata.Cli.Completion;

/// <summary>
/// Answers System.CommandLine's <c>[suggest:N]</c> directive (the protocol of dotnet-suggest):
/// <c>strata "[suggest:12]" "strata apps a"</c> prints one candidate per line for the cursor at character 12.
/// The scripts of <c>strata completion &lt;shell&gt;</c> call it on every Tab.
/// </summary>
internal sealed class SuggestAction(RootCommand root, SuggestDirective directive, CliContext cli) : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        var values = parseResult.GetResult(directive)?.Values ?? [];
        int? position = values.Count > 0 && int.TryParse(values[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null;
        var line = string.Join(' ', parseResult.Tokens.Where(t => t.Type != TokenType.Directive).Select(t => t.Value));
        foreach (var candidate in Completer.Complete(root, line, position))
        {
            cli.Console.WriteLine(candidate);
        }

        return 0;
    }
}
