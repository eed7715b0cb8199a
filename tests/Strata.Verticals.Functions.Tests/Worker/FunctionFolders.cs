using System.Text.Json;
using Strata.Testing;

namespace Strata.Verticals.Functions.Tests.Worker;

/// <summary>Registers the fixture functions in a functions folder the way a deploy would: the build output plus a function.json.</summary>
internal static class FunctionFolders
{
    public const string FixtureProject = "tests/fixtures/Strata.Fixtures.Functions";
    public const string FixtureAssembly = "Strata.Fixtures.Functions.dll";

    public static string FixtureOutput
    {
        get
        {
            var output = RepoPaths.BuildOutput(FixtureProject);
            return File.Exists(Path.Combine(output, FixtureAssembly))
                ? output
                : throw new InvalidOperationException($"The function fixtures are not built at {output}; build the test project (it builds them first).");
        }
    }

    /// <summary>Writes <c>&lt;directory&gt;/&lt;app&gt;-r&lt;revision&gt;</c> with the fixture assembly and a descriptor naming <paramref name="handler"/>.</summary>
    public static string Register(string directory, string app, string handler, int revision = 1, int timeoutSeconds = 30, IReadOnlyDictionary<string, string>? settings = null)
    {
        // Written aside and renamed into place, as the descriptor's contract asks.
        var staging = Path.Combine(directory, $".staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        foreach (var file in Directory.GetFiles(FixtureOutput))
        {
            File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
        }

        var descriptor = new Dictionary<string, object>
        {
            ["app"] = app,
            ["revision"] = revision,
            ["handler"] = "Strata.Fixtures.Functions." + handler,
            ["assembly"] = FixtureAssembly,
            ["timeoutSeconds"] = timeoutSeconds,
        };
        if (settings is not null)
        {
            descriptor["settings"] = settings;
        }

        File.WriteAllText(Path.Combine(staging, "function.json"), JsonSerializer.Serialize(descriptor));
        var target = Path.Combine(directory, $"{app}-r{revision}");
        Directory.Move(staging, target);
        return target;
    }
}
