using System.Text.Json.Nodes;
using Spectre.Console;

namespace Strata.Cli.Rendering;

/// <summary>Builds the tables of lists: bordered with bold headers on a terminal, plain columns elsewhere.</summary>
internal static class TableView
{
    /// <summary>A table of <paramref name="headers"/> and <paramref name="rows"/>; cells are text, never markup.</summary>
    public static Table Build(bool rich, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table { Border = rich ? TableBorder.Rounded : TableBorder.None };
        foreach (var header in headers)
        {
            table.AddColumn(rich
                ? new TableColumn(new Text(header, new Style(decoration: Decoration.Bold)))
                : new TableColumn(new Text(header)) { Padding = new Padding(0, 0, 2, 0), NoWrap = true });
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)));
        }

        return table;
    }

    /// <summary>A JSON value as a cell: strings as they are, null as <paramref name="empty"/>, anything else as JSON.</summary>
    public static string Cell(JsonNode? node, string empty = "")
        => node is null ? empty : node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node.ToJsonString();
}
