using Strata.Manifest;
using Strata.Validation;

namespace Strata.Core.Manifest;

/// <summary>Runs a vertical's validation of the <c>spec:</c> section, shielding the host from the vertical's bugs.</summary>
public static class ManifestValidator
{
    /// <summary>
    /// Runs <paramref name="verticalValidation"/> over <paramref name="manifest"/> and returns every
    /// problem it reported (paths start with <c>spec</c>). Never throws for the vertical: when its code
    /// throws, the result is one problem at <c>spec</c> naming the failure.
    /// </summary>
    /// <param name="manifest">The parsed manifest.</param>
    /// <param name="verticalValidation">The vertical's validation; none means the spec is accepted as it is.</param>
    public static IReadOnlyList<ValidationProblem> ValidateSpec(AppManifest manifest, Action<SpecValidationContext>? verticalValidation)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (verticalValidation is null)
        {
            return [];
        }

        var context = new SpecValidationContext(manifest);
        try
        {
            verticalValidation(context);
        }
#pragma warning disable CA1031 // A plugin's bug must become a problem the user sees, whatever its type.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return
            [
                new ValidationProblem(
                    "spec",
                    $"the validation of vertical '{manifest.Vertical}' failed ({ex.GetType().Name}: {ex.Message}); this is a bug in the vertical, report it to its authors"),
            ];
        }

        return [.. context.Problems];
    }
}
