namespace Strata.Core;

/// <summary>
/// The one exception type for framework failures: a message that says what went wrong and how to
/// fix it, and the path of the offending input where there is one.
/// </summary>
public class StrataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StrataException(string message, string? path = null, Exception? inner = null) : base(message, inner) => Path = path;

    /// <summary>The path of the offending input (<c>spec.handler</c>, a file path), when there is one.</summary>
    public string? Path { get; }
}
