using System.Globalization;

namespace Strata.Verticals.Simulation.ResultStore;

/// <summary>A task's time series (<c>series.csv</c>): a header row of column names, then rows of numbers.</summary>
internal sealed record SeriesFile(IReadOnlyList<string> Columns, IReadOnlyList<double[]> Rows)
{
    public const string FileName = "series.csv";

    public static SeriesFile Read(string taskFolder)
    {
        var lines = File.ReadAllLines(Path.Combine(taskFolder, FileName));
        if (lines.Length == 0)
        {
            throw new InvalidDataException("series.csv is empty; it needs a header row of column names.");
        }

        var columns = lines[0].Split(',', StringSplitOptions.TrimEntries);
        var rows = new List<double[]>(lines.Length - 1);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            var row = new double[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                row[i] = i < cells.Length && double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
            }

            rows.Add(row);
        }

        return new SeriesFile(columns, rows);
    }

    public int IndexOf(string column) => Array.IndexOf([.. Columns], column);
}
