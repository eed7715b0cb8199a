using Strata.Core.Runtime;

namespace Strata.Server.Hosting;

/// <summary>Where the host keeps things under its data folder: one place that names every path.</summary>
internal sealed class DataLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Database => Path.Combine(Root, "strata.db");

    public string Runtime => Path.Combine(Root, "runtime");

    public string DefaultPlugins => Path.Combine(Root, "plugins");

    public string Staging => Path.Combine(Root, "staging");

    /// <summary>An immutable copy of the sources one build was made from.</summary>
    public string Sources(AppRef app, string buildId) => Path.Combine(Root, "sources", app.Vertical, app.App, buildId);

    /// <summary>The build work folder of an app, kept between builds so they are incremental.</summary>
    public string Builds(AppRef app) => Path.Combine(Root, "builds", app.Vertical, app.App);

    /// <summary>Where the host warms its compiler server (no vertical is named with a leading dot).</summary>
    public string CompilerWarmUp => Path.Combine(Root, "builds", ".compiler-warm-up");

    /// <summary>Names the host's running compiler server, so that the next host stops it if this one is killed (<see cref="Core.Building.CompilerServerRecord"/>).</summary>
    public string CompilerServerRecord => Path.Combine(Root, "compiler-server.pid");

    /// <summary>The immutable artifacts of one build.</summary>
    public string Artifacts(AppRef app, string buildId) => Path.Combine(Root, "revisions", app.Vertical, app.App, buildId);

    /// <summary>Removes everything kept for an app.</summary>
    public void DeleteApp(AppRef app)
    {
        foreach (var kind in new[] { "sources", "builds", "revisions" })
        {
            var path = Path.Combine(Root, kind, app.Vertical, app.App);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }
}
