using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Verticals.Simulation.Imaging;
using Strata.Verticals.Simulation.ResultStore;

namespace Strata.Verticals.Simulation.Api;

/// <summary>A task's results as JSON and files, its pictures, and the comparison of a run's tasks.</summary>
internal static class ResultEndpoints
{
    private const int MaxImageSide = 4096;

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/{app}/runs/{run}/tasks/{task}", ResultsAsync).WithName("GetSimulationResults")
            .WithSummary("A task's results: state, parameters, summary and its downloadable files.");
        group.MapGet("/{app}/runs/{run}/tasks/{task}/files/{name}", FileAsync).WithName("DownloadSimulationFile")
            .WithSummary("Downloads one file of a task's results (summary.json, series.csv, field.bin, …).");
        group.MapGet("/{app}/runs/{run}/tasks/{task}/slice.png", SliceAsync).WithName("GetSimulationSlice")
            .WithSummary("A PNG of the final field's plane axis=index (axis x|y|z, default z and the middle), scale pixels per cell; range=field|slice.");
        group.MapGet("/{app}/runs/{run}/tasks/{task}/series.png", SeriesAsync).WithName("GetSimulationSeriesPlot")
            .WithSummary("A PNG plot of time-series columns (columns=max,mean; x=time) of width × height pixels; the ranges are in X-Plot-* headers.");
        group.MapGet("/{app}/runs/{run}/compare", CompareAsync).WithName("CompareSimulationTasks")
            .WithSummary("The tasks of a run side by side on one summary metric (metric=max), with the varied parameters.");
    }

    private static async Task ResultsAsync(HttpContext context, string app, string run, string task)
    {
        if (await RunLookup.TaskAsync(context, app, run, task).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        var folder = found.Store.TaskFolder(run, found.Task.Index);
        JsonElement? summary = null;
        var summaryFile = Path.Combine(folder, "summary.json");
        if (File.Exists(summaryFile))
        {
            try
            {
                using var document = JsonFiles.Read(summaryFile);
                summary = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // A summary the model wrote badly is still downloadable as a file; it is not shown here.
            }
        }

        var files = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Select(f => new FileInfo(f)).Where(f => RunStore.IsFileName(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new ResultFile(f.Name, f.Length, $"{context.Request.PathBase}/v/simulation/{app}/runs/{run}/tasks/{found.Task.Index}/files/{f.Name}")).ToList()
            : [];
        await ApiResponses.JsonAsync(context,
            new TaskResults(run, found.Task.Index, found.Task.State, found.Task.Message, SimulationApi.Parameters(found.Run, found.Task.Index), summary, files),
            SimulationJsonContext.Default.TaskResults).ConfigureAwait(false);
    }

    private static async Task FileAsync(HttpContext context, string app, string run, string task, string name)
    {
        if (!RunStore.IsFileName(name))
        {
            await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]> { ["name"] = ["must be the plain name of a file of the task (letters, digits, '.', '_', '-'), e.g. series.csv."] }).ConfigureAwait(false);
            return;
        }

        if (await RunLookup.TaskAsync(context, app, run, task).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        var path = Path.Combine(found.Store.TaskFolder(run, found.Task.Index), name);
        if (!File.Exists(path))
        {
            await ApiResponses.NotFoundAsync(context, $"Task {found.Task.Index} of run '{run}' has no file '{name}'; GET …/tasks/{found.Task.Index} lists its files.").ConfigureAwait(false);
            return;
        }

        var type = Path.GetExtension(name) switch
        {
            ".json" => "application/json",
            ".csv" => "text/csv",
            ".png" => "image/png",
            ".txt" or "" => "text/plain",
            _ => "application/octet-stream",
        };
        await Results.File(path, type, fileDownloadName: name).ExecuteAsync(context).ConfigureAwait(false);
    }

    private static async Task SliceAsync(HttpContext context, string app, string run, string task)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var axisText = query["axis"].FirstOrDefault() ?? "z";
        if (axisText is not ("x" or "y" or "z"))
        {
            errors["axis"] = [$"must be x, y or z, not '{axisText}'."];
        }

        var scale = Whole(query, "scale", 8, 1, 64, errors);
        var index = Whole(query, "index", -1, 0, int.MaxValue, errors);
        var range = query["range"].FirstOrDefault() ?? "field";
        if (range is not ("field" or "slice"))
        {
            errors["range"] = [$"must be field (colours span the whole field) or slice, not '{range}'."];
        }

        if (errors.Count > 0)
        {
            await ApiResponses.InvalidAsync(context, errors).ConfigureAwait(false);
            return;
        }

        if (await ReadFieldAsync(context, app, run, task).ConfigureAwait(false) is not { } field)
        {
            return;
        }

        var axis = axisText[0];
        var extent = SlicePainter.Extent(field, axis);
        var plane = index < 0 ? extent / 2 : index;
        var (width, height) = SlicePainter.Size(field, axis, scale);
        if (plane >= extent)
        {
            await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]> { ["index"] = [$"must be from 0 to {extent - 1}: the field has {extent} planes along {axis}."] }).ConfigureAwait(false);
            return;
        }

        if (width > MaxImageSide || height > MaxImageSide)
        {
            await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]> { ["scale"] = [$"makes a {width}x{height} image; at most {MaxImageSide} pixels a side. Use a smaller scale."] }).ConfigureAwait(false);
            return;
        }

        context.Response.Headers["X-Slice"] = $"{axis}={plane.ToString(CultureInfo.InvariantCulture)}";
        await Results.Bytes(SlicePainter.Paint(field, axis, plane, scale, range == "slice"), "image/png").ExecuteAsync(context).ConfigureAwait(false);
    }

    private static async Task SeriesAsync(HttpContext context, string app, string run, string task)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var width = Whole(query, "width", 640, 64, MaxImageSide, errors);
        var height = Whole(query, "height", 360, 64, MaxImageSide, errors);
        if (errors.Count > 0)
        {
            await ApiResponses.InvalidAsync(context, errors).ConfigureAwait(false);
            return;
        }

        if (await RunLookup.TaskAsync(context, app, run, task).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        var folder = found.Store.TaskFolder(run, found.Task.Index);
        if (!File.Exists(Path.Combine(folder, SeriesFile.FileName)))
        {
            await ApiResponses.NotFoundAsync(context, $"Task {found.Task.Index} of run '{run}' has no time series ({found.Task.State}).").ConfigureAwait(false);
            return;
        }

        var series = SeriesFile.Read(folder);
        var xName = query["x"].FirstOrDefault() ?? (series.Columns.Contains("time") ? "time" : series.Columns[0]);
        var names = (query["columns"].FirstOrDefault() ?? string.Join(',', series.Columns.Where(c => c is not ("step" or "time") && c != xName))).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Append(xName).Where(n => series.IndexOf(n) < 0).ToList();
        if (unknown.Count > 0 || names.Length == 0)
        {
            await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]>
            {
                [unknown.Contains(xName) ? "x" : "columns"] = [$"must name columns of series.csv ({string.Join(", ", series.Columns)}); unknown: {string.Join(", ", unknown.DefaultIfEmpty("none given"))}."],
            }).ConfigureAwait(false);
            return;
        }

        var x = series.Rows.Select(r => r[series.IndexOf(xName)]).ToList();
        var ys = names.Select(n => (IReadOnlyList<double>)[.. series.Rows.Select(r => r[series.IndexOf(n)])]).ToList();
        var (png, xMin, xMax, yMin, yMax) = SeriesPlot.Draw(x, ys, width, height);
        context.Response.Headers["X-Plot-X"] = $"{xName} {xMin.ToString("G6", CultureInfo.InvariantCulture)}..{xMax.ToString("G6", CultureInfo.InvariantCulture)}";
        context.Response.Headers["X-Plot-Y"] = $"{yMin.ToString("G6", CultureInfo.InvariantCulture)}..{yMax.ToString("G6", CultureInfo.InvariantCulture)}";
        context.Response.Headers["X-Plot-Series"] = string.Join(',', names);
        await Results.Bytes(png, "image/png").ExecuteAsync(context).ConfigureAwait(false);
    }

    private static async Task CompareAsync(HttpContext context, string app, string run)
    {
        var metric = context.Request.Query["metric"].FirstOrDefault() ?? "max";
        if (await RunLookup.RunAsync(context, app, run).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        var info = SimulationApi.ToInfo(found.Run);
        var rows = new List<ComparisonRow>();
        foreach (var task in found.Run.Tasks)
        {
            var parameters = SimulationApi.Parameters(found.Run, task.Index);
            var shown = (info.Varied.Count > 0 ? info.Varied : parameters.EnumerateObject().Select(p => p.Name))
                .Where(n => parameters.TryGetProperty(n, out _))
                .ToDictionary(n => n, n => parameters.GetProperty(n).Clone(), StringComparer.Ordinal);
            rows.Add(new ComparisonRow(task.Index, task.State, shown, Metric(found.Store.TaskFolder(run, task.Index), metric)));
        }

        var valued = rows.Where(r => r.Value is not null).ToList();
        if (valued.Count == 0 && rows.Any(r => r.State == RunState.Succeeded))
        {
            await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]> { ["metric"] = [$"'{metric}' is not a number in the tasks' summary.json; use one of its numeric entries (e.g. max, mean, center)."] }).ConfigureAwait(false);
            return;
        }

        await ApiResponses.JsonAsync(context, new Comparison(run, metric, info.Varied, rows,
            valued.MinBy(r => r.Value)?.Index, valued.MaxBy(r => r.Value)?.Index), SimulationJsonContext.Default.Comparison).ConfigureAwait(false);
    }

    private static double? Metric(string folder, string metric)
    {
        var file = Path.Combine(folder, "summary.json");
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            using var document = JsonFiles.Read(file);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(metric, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<FieldFile?> ReadFieldAsync(HttpContext context, string app, string run, string task)
    {
        if (await RunLookup.TaskAsync(context, app, run, task).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        var folder = found.Store.TaskFolder(run, found.Task.Index);
        if (!File.Exists(Path.Combine(folder, "summary.json")))
        {
            await ApiResponses.NotFoundAsync(context, $"Task {found.Task.Index} of run '{run}' has no results yet ({found.Task.State}).").ConfigureAwait(false);
            return null;
        }

        try
        {
            return FieldFile.Read(folder);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or IOException)
        {
            await ApiResponses.UnprocessableAsync(context, "Unreadable field", $"Task {found.Task.Index} of run '{run}': {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private static int Whole(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (query[name].FirstOrDefault() is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors[name] = [$"must be a whole number from {min} to {max}, not '{text}'."];
            return fallback;
        }

        return value;
    }
}
