using Strata.Validation;
using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend;

/// <summary>Validates a mobile app's <c>spec:</c> with the server's own reader, so what deploys is what the server accepts.</summary>
internal static class MobileSpec
{
    /// <summary>Reports every problem of the spec, each with its path.</summary>
    public static void Validate(SpecValidationContext context) =>
        SchemaReader.Read(context.Spec, context.AddProblem);

    /// <summary>Reads a spec that <see cref="Validate"/> accepted.</summary>
    public static AppSchema Parse(System.Text.Json.JsonElement spec) => SchemaReader.ReadValid(spec);
}
