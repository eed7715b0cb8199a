namespace Strata.Core.Building;

/// <summary>
/// The compile that warms a compiler server (<see cref="CompilerServer.WarmUpAsync"/>): a small file
/// against the reference assemblies of .NET and ASP.NET Core, with their analyzers and source
/// generators and the SDK's code analyzers — what a function's or a web service's compile loads — so
/// that the server has them loaded and its code compiled when the first build comes.
/// </summary>
internal static class CompilerWarmUp
{
    /// <summary>The file compiled: a handler such as a function's, using the language's everyday features.</summary>
    public const string Source = """
        using System.Text.Json;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace StrataCompilerWarmUp;

        public sealed record Greeting(string Name, int Count);

        public sealed partial class Handler(ILogger<Handler> logger)
        {
            public async Task<IResult> HandleAsync(HttpContext context)
            {
                var names = new[] { "a", "bb", "ccc" }.Where(n => n.Length > 1).Select(n => new Greeting($"{n}!", n.Length)).ToList();
                await Task.Yield();
                Greeted(logger, names.Count);
                return Results.Json(names, JsonSerializerOptions.Web);
            }

            [LoggerMessage(1, LogLevel.Information, "Greeted {Count}")]
            private static partial void Greeted(ILogger logger, int count);
        }
        """;

    /// <summary>
    /// The compiler's arguments: compile <see cref="Source"/> in the server named <paramref name="pipe"/>
    /// into <paramref name="folder"/>, against the newest reference packs under <paramref name="root"/>.
    /// A pack or analyzer that is not there is left out: the warm-up then loads less, and the builds work as before.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string root, string sdk, string pipe, string folder)
    {
        var source = Path.Combine(folder, "WarmUp.cs");
        File.WriteAllText(source, Source);
        var arguments = new List<string>
        {
            "-shared:" + pipe, "-noconfig", "-nologo", "-nostdlib+", "-target:library", "-optimize+", "-deterministic+",
            "-debug:portable", "-nullable:enable", "-out:" + Path.Combine(folder, "WarmUp.dll"),
        };
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            if (Newest(Path.Combine(root, "packs", pack)) is not { } version)
            {
                continue;
            }

            var references = Path.Combine(version, "ref");
            if (Directory.Exists(references) && Directory.GetDirectories(references).Order(StringComparer.Ordinal).LastOrDefault() is { } framework)
            {
                arguments.AddRange(Directory.GetFiles(framework, "*.dll").Order(StringComparer.Ordinal).Select(f => "-reference:" + f));
            }

            arguments.AddRange(Files(Path.Combine(version, "analyzers", "dotnet", "cs"), "*.dll").Select(f => "-analyzer:" + f));
        }

        arguments.AddRange(Files(Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers"), "Microsoft.CodeAnalysis*.NetAnalyzers.dll").Select(f => "-analyzer:" + f));
        arguments.Add(source);
        arguments.Add(GlobalUsings(folder));
        return arguments;
    }

    // Some of the usings a project gets implicitly (ImplicitUsings), as the SDK gives them: a global using file.
    private static string GlobalUsings(string folder)
    {
        var path = Path.Combine(folder, "GlobalUsings.cs");
        File.WriteAllText(path, string.Concat(new[] { "System", "System.Collections.Generic", "System.Linq", "System.Threading.Tasks" }.Select(n => $"global using {n};\n")));
        return path;
    }

    // The folder of the highest version, by the numbers of its name (10.0.12 above 10.0.9).
    private static string? Newest(string pack) => Directory.Exists(pack)
        ? Directory.GetDirectories(pack)
            .Select(d => (Folder: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version is not null)
            .OrderBy(d => d.Version)
            .Select(d => d.Folder)
            .LastOrDefault()
        : null;

    private static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal) : [];
}
