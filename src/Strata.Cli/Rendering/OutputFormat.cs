namespace Strata.Cli.Rendering;

/// <summary>How a command prints what the host answered (<c>--output</c>).</summary>
internal enum OutputFormat
{
    /// <summary>For people: tables and sentences.</summary>
    Table,

    /// <summary>For scripts: the host's JSON answer as it is (indented), and nothing else on stdout.</summary>
    Json,
}
