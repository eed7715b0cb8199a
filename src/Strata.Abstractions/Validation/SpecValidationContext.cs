using System.Text.Json;
using Strata.Manifest;

namespace Strata.Validation;

/// <summary>
/// Handed to a vertical's spec validation. Report every problem: the host shows them all at once.
/// Paths given to <see cref="AddProblem"/> are relative to <c>spec</c>.
/// </summary>
public sealed class SpecValidationContext
{
    private readonly List<ValidationProblem> _problems = [];

    /// <summary>Creates a context for <paramref name="manifest"/>.</summary>
    /// <param name="manifest">The manifest whose spec is validated.</param>
    public SpecValidationContext(AppManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Manifest = manifest;
    }

    /// <summary>The whole manifest.</summary>
    public AppManifest Manifest { get; }

    /// <summary>The <c>spec:</c> section (<see cref="JsonValueKind.Undefined"/> when absent).</summary>
    public JsonElement Spec => Manifest.Spec;

    /// <summary>The problems reported so far, with full paths (<c>spec.…</c>).</summary>
    public IReadOnlyList<ValidationProblem> Problems => _problems;

    /// <summary>Reports a problem.</summary>
    /// <param name="path">The path below <c>spec</c>, e.g. <c>handler</c> or <c>routes[0].path</c>; empty for <c>spec</c> itself.</param>
    /// <param name="message">What is wrong and what would be right.</param>
    public void AddProblem(string path, string message)
    {
        var full = string.IsNullOrEmpty(path) ? "spec" : path.StartsWith('[') ? "spec" + path : "spec." + path;
        _problems.Add(new ValidationProblem(full, message));
    }
}
