using System.Text.Json.Nodes;
using Spectre.Console;

namespace Strata.Cli.Rendering;

/// <summary>
/// Where the CLI writes: stdout for answers (tables, JSON, results), stderr for errors, hints and progress.
/// When stdout is not a terminal (redirected, CI) tables are plain columns without ANSI, one line per row,
/// never wrapped, so that scripts and tests see stable text.
/// </summary>
internal sealed class CliConsole(IAnsiConsole output, IAnsiConsole error, bool rich)
{
    // Wide enough that no plain line is ever wrapped: a wrapped URL or JSON line breaks scripts.
    private const int PlainWidth = 4096;

    /// <summary>stdout.</summary>
    public IAnsiConsole Out { get; } = output;

    /// <summary>stderr.</summary>
    public IAnsiConsole Error { get; } = error;

    /// <summary>stdout is a terminal: bordered tables with colour; otherwise plain columns.</summary>
    public bool Rich { get; } = rich;

    /// <summary>Live progress (spinners) may be drawn on stderr: it is an interactive terminal.</summary>
    public bool ShowsProgress => Error.Profile.Capabilities.Interactive;

    /// <summary>stdout as text, written as it is (no markup, no wrapping).</summary>
    public TextWriter OutWriter => Out.Profile.Out.Writer;

    /// <summary>stderr as text, written as it is.</summary>
    public TextWriter ErrorWriter => Error.Profile.Out.Writer;

    /// <summary>The console of this process: ANSI, colour and progress only where the stream is a terminal.</summary>
    public static CliConsole FromSystem()
    {
        var output = Create(Console.Out, Console.IsOutputRedirected);
        var error = Create(Console.Error, Console.IsErrorRedirected);
        return new CliConsole(output, error, rich: !Console.IsOutputRedirected && output.Profile.Capabilities.Ansi);
    }

    /// <summary>Writes one line to stdout as it is.</summary>
    public void WriteLine(string line = "") => OutWriter.WriteLine(line);

    /// <summary>Writes one line to stderr as it is.</summary>
    public void WriteError(string line) => ErrorWriter.WriteLine(line);

    /// <summary>Writes the host's JSON answer to stdout, indented.</summary>
    public void WriteJson(JsonNode? node) => OutWriter.WriteLine(node?.ToJsonString(StrataClient.Json) ?? "null");

    /// <summary>Writes a table to stdout: as it is on a terminal, else as plain columns without trailing spaces.</summary>
    public void WriteTable(Table table)
    {
        if (Rich)
        {
            Out.Write(table);
            return;
        }

        using var text = new StringWriter();
        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        plain.Profile.Width = PlainWidth;
        plain.Write(table);
        foreach (var line in text.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            OutWriter.WriteLine(line.TrimEnd());
        }
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
    });
}
