namespace Strata.Cli;

/// <summary>A failure the CLI reports as readable lines and an exit code, without a stack trace.</summary>
internal sealed class CliException(int exitCode, IReadOnlyList<string> lines) : Exception(string.Join(Environment.NewLine, lines))
{
    /// <summary>Bad input (a manifest, an argument).</summary>
    public const int InvalidInput = 2;

    /// <summary>The host said no.</summary>
    public const int HostRefused = 1;

    /// <summary>The host could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>The host wants a valid token (401): none was sent, or it is unknown, revoked or expired.</summary>
    public const int Unauthenticated = 4;

    /// <summary>The token is valid but its scopes do not allow this (403).</summary>
    public const int Forbidden = 5;

    public int ExitCode { get; } = exitCode;

    public IReadOnlyList<string> Lines { get; } = lines;

    public CliException(int exitCode, string line) : this(exitCode, [line]) { }
}
