namespace Strata.Testing;

/// <summary>Installs built plugin projects into a plugins folder the way an operator would: <c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>.</summary>
public static class FixturePlugins
{
    /// <summary>Copies the build output of <paramref name="projectFolder"/> into <c>&lt;pluginsDirectory&gt;/&lt;name&gt;</c>.</summary>
    public static string Install(string pluginsDirectory, string projectFolder)
    {
        var name = System.IO.Path.GetFileName(projectFolder);
        var source = RepoPaths.BuildOutput(projectFolder);
        if (!File.Exists(System.IO.Path.Combine(source, name + ".dll")))
        {
            throw new InvalidOperationException($"{name} is not built at {source}; build Framework.sln first.");
        }

        var target = System.IO.Path.Combine(pluginsDirectory, name);
        CopyFolder(source, target);
        return target;
    }

    /// <summary>The fixture plugin project folders.</summary>
    public const string Incompatible = "tests/fixtures/plugins/Strata.Fixtures.Incompatible";

    /// <summary>A plugin that throws in Configure.</summary>
    public const string ThrowsInConfigure = "tests/fixtures/plugins/Strata.Fixtures.ThrowsInConfigure";

    /// <summary>A plugin using another YamlDotNet than the host.</summary>
    public const string OtherYaml = "tests/fixtures/plugins/Strata.Fixtures.OtherYaml";

    /// <summary>A vertical that deploys the prebuilt web app fixture (<see cref="WebApp"/>) as service <c>web</c>.</summary>
    public const string WebVertical = "tests/fixtures/plugins/Strata.Fixtures.WebVertical";

    /// <summary>The web app fixture's project folder (not a plugin: the web vertical's apps run its build output).</summary>
    public const string WebApp = "tests/fixtures/Strata.Fixtures.WebApp";

    /// <summary>The bundled Functions vertical.</summary>
    public const string Functions = "plugins/Strata.Verticals.Functions";

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            CopyFolder(directory, System.IO.Path.Combine(target, System.IO.Path.GetFileName(directory)));
        }
    }
}
