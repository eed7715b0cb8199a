namespace Strata.Validation;

/// <summary>One problem found in an input, with the path of the offending field.</summary>
/// <param name="Path">The field path, e.g. <c>spec.timeoutSeconds</c> or <c>caas.autoscale.max</c>.</param>
/// <param name="Message">What is wrong and what would be right.</param>
public sealed record ValidationProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
