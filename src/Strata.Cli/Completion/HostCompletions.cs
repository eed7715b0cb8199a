using System.CommandLine;
using System.CommandLine.Completions;
using System.Text.Json.Nodes;

namespace Strata.Cli.Completion;

/// <summary>
/// Suggestions that come from the host (app and vertical names). Asked with a short timeout and silent on any
/// failure: a shell waiting on Tab must never hang or print errors because the host is down.
/// </summary>
internal static class HostCompletions
{
    /// <summary>How long a completion may wait for the host.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>An <c>app</c> argument that completes the host's app names.</summary>
    public static Argument<string> AppArgument(CliContext cli)
    {
        var app = new Argument<string>("app") { Description = "The app name (see 'strata apps')." };
        app.CompletionSources.Add(AppNames(cli));
        return app;
    }

    /// <summary>A <c>--vertical</c> option that completes the host's vertical names.</summary>
    public static Option<string?> VerticalOption(CliContext cli)
    {
        var vertical = new Option<string?>("--vertical") { Description = "The app's vertical, where two verticals have apps of that name." };
        vertical.CompletionSources.Add(VerticalNames(cli));
        return vertical;
    }

    /// <summary>The names of the host's apps.</summary>
    public static Func<CompletionContext, IEnumerable<CompletionItem>> AppNames(CliContext cli) => context => Names(cli, context, "/api/apps");

    /// <summary>The names of the host's verticals.</summary>
    public static Func<CompletionContext, IEnumerable<CompletionItem>> VerticalNames(CliContext cli) => context => Names(cli, context, "/api/verticals");

    private static IEnumerable<CompletionItem> Names(CliContext cli, CompletionContext context, string path)
    {
        try
        {
            var server = context.ParseResult is { } parse ? cli.ServerOf(parse) : new Uri(CliContext.DefaultServer);
            using var client = cli.CreateClient(server, Timeout);
            using var cancel = new CancellationTokenSource(Timeout);
            // Completion sources are synchronous; the bounded timeout keeps this wait short.
            var answer = client.GetAsync(path, cancel.Token).GetAwaiter().GetResult();
            return (answer as JsonArray ?? [])
                .Select(item => item?["name"] is JsonValue name && name.TryGetValue<string>(out var text) ? text : null)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(name => new CompletionItem(name))
                .ToList();
        }
#pragma warning disable CA1031 // Silent on any failure: an unreachable host, a refusal, a timeout or a strange answer all mean "no suggestions".
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }
}
