using Strata.Cli.Commands;

namespace Strata.Cli.Tests.Commands;

/// <summary>The tables of lists, over sample answers: plain columns when redirected, bordered tables on a terminal.</summary>
public sealed class ListViewTests
{
    [Fact]
    public void Apps_plain_is_one_line_per_app_in_columns_without_ansi_or_trailing_spaces()
    {
        var (console, output, _) = Cli.Console();

        InspectCommands.Apps(console, Samples.Apps());

        Assert.Equal(
            [
                "APP    VERTICAL   REVISION  RUNTIME     URL",
                "shop   web        1         kubernetes  http://127.0.0.1:5480/apps/web/shop/",
                "hello  functions  -         local       http://127.0.0.1:5480/apps/functions/hello/",
            ],
            Lines(output.Output));
        Assert.DoesNotContain('\u001b', output.Output);
    }

    [Fact]
    public void Apps_rich_is_a_bordered_table_with_every_cell()
    {
        var (console, output, _) = Cli.Console(rich: true);

        InspectCommands.Apps(console, Samples.Apps());

        var text = output.Output;
        Assert.Contains("╭", text, StringComparison.Ordinal);
        Assert.Contains("│ shop ", text, StringComparison.Ordinal);
        Assert.Contains("kubernetes", text, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5480/apps/functions/hello/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_are_text_not_markup_and_nulls_have_their_placeholder()
    {
        var (console, output, _) = Cli.Console();

        InspectCommands.Verticals(console, Samples.Verticals());

        var lines = Lines(output.Output);
        Assert.Equal("VERTICAL   VERSION  STATE   TEMPLATES   REASON", lines[0]);
        Assert.Equal("functions  1.2.0    Loaded  http,timer", lines[1]);
        Assert.Equal("broken     -        Failed              Configure threw [boom]", lines[2]);
    }

    [Fact]
    public void Status_shows_the_summary_replicas_schedules_and_deployments_with_failed_messages_only()
    {
        var (console, output, _) = Cli.Console();

        InspectCommands.Status(console, Samples.Status());

        var lines = Lines(output.Output);
        Assert.Equal("hello (functions) revision 2, serving 2 at http://127.0.0.1:5480/apps/functions/hello/", lines[0]);
        Assert.Equal("SERVICE  REPLICA  REVISION  STATE     RESTARTS  ENDPOINT", lines[1]);
        Assert.Equal("fn       fn-2-a   2         Ready     0         http://127.0.0.1:40002/", lines[2]);
        Assert.Equal("fn       fn-2-b   2         Starting  3         -", lines[3]);
        Assert.Contains(lines, l => l.StartsWith("tick ", StringComparison.Ordinal) && l.Contains("*/5 * * * * *", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("6 ", StringComparison.Ordinal) && l.EndsWith("readiness probe timed out", StringComparison.Ordinal));
        // A success's message is not repeated: only failures need explaining.
        Assert.DoesNotContain("replicas Ready", output.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Revisions_jobs_and_plugins_are_tables()
    {
        var (console, output, _) = Cli.Console();

        InspectCommands.Revisions(console, Samples.Revisions());
        InspectCommands.Jobs(console, Samples.Jobs());
        InspectCommands.Jobs(console, []);
        PluginCommand.List(console, Samples.Plugins());

        var lines = Lines(output.Output);
        Assert.Equal("REVISION  SERVING  CREATED                    SOURCE HASH", lines[0]);
        Assert.Equal("2         yes      2026-11-24T10:00:00+00:00  ab12", lines[1]);
        Assert.Equal("1                  2026-11-24T09:00:00+00:00  cd34", lines[2]);
        Assert.Equal("JOB     STATE    SUCCEEDED  FAILED  ACTIVE  MESSAGE", lines[3]);
        Assert.Equal("render  Running  3/4        1       1", lines[4]);
        Assert.Equal("No jobs.", lines[5]);
        Assert.Equal("ID                  VERSION  VERTICAL  STATE   SOURCE    REASON", lines[6]);
        Assert.Equal("Acme.Verticals.Web  2.0.0    web       Loaded  (folder)", lines[7]);
    }

    internal static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
