namespace Strata.Verticals.Functions.Worker.Catalog;

/// <summary>A <c>function.json</c> that cannot be used; the message lists every problem with its field.</summary>
internal sealed class FunctionDescriptorException(string source, IReadOnlyList<string> problems)
    : Exception($"{source}: {string.Join(" ", problems)}")
{
    /// <summary>Each problem, prefixed with its field.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
