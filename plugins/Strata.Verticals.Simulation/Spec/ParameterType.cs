namespace Strata.Verticals.Simulation.Spec;

/// <summary>The type of one model parameter.</summary>
internal enum ParameterType
{
    /// <summary>A real number, optionally within [min, max].</summary>
    Number,

    /// <summary>A whole number, optionally within [min, max].</summary>
    Integer,

    /// <summary>One of a list of strings.</summary>
    String,

    /// <summary>true or false.</summary>
    Boolean,
}
