namespace Strata.Building;

/// <summary>A build step failed for a reason the app developer can read and fix.</summary>
public sealed class BuildStepException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and, where known, how to fix it.</param>
    public BuildStepException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and, where known, how to fix it.</param>
    /// <param name="inner">The cause.</param>
    public BuildStepException(string message, Exception inner) : base(message, inner) { }
}
