namespace Strata.Cli;

/// <summary>
/// A failure the CLI reports as readable lines and an exit code, without a stack trace.
/// The exit codes are documented in docs/cli.md; scripts rely on them, so they never change meaning.
/// </summary>
internal sealed class CliException(int exitCode, IReadOnlyList<string> lines) : Exception(string.Join(Environment.NewLine, lines))
{
    /// <summary>The host refused or failed the request (a ProblemDetails answer other than 401/403), or answered in a way the CLI cannot use.</summary>
    public const int HostRefused = 1;

    /// <summary>Bad input: a manifest, an argument, an unknown command or option.</summary>
    public const int InvalidInput = 2;

    /// <summary>The host could not be reached, or did not answer in time.</summary>
    public const int Unreachable = 3;

    /// <summary>The host did not accept the token (401): none was given, or it is unknown, revoked or expired.</summary>
    public const int Unauthorized = 4;

    /// <summary>The token is valid but its scopes do not allow the request (403).</summary>
    public const int Forbidden = 5;

    /// <summary>A bug in the CLI: an exception nobody expected (EX_SOFTWARE).</summary>
    public const int Internal = 70;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code the process ends with.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>The lines printed on stderr, each starting with <c>error: </c>.</summary>
    public IReadOnlyList<string> Lines { get; } = lines;

    /// <summary>A failure of one line.</summary>
    public CliException(int exitCode, string line) : this(exitCode, [line]) { }
}
