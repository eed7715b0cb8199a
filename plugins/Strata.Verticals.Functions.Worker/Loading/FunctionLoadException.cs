namespace Strata.Verticals.Functions.Worker.Loading;

/// <summary>A function that cannot be loaded or bound; the message says why and how to fix it.</summary>
internal sealed class FunctionLoadException(string message, Exception? inner = null) : Exception(message, inner);
