namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>The value type of a collection field; a list field holds values of its <see cref="FieldSchema.Type"/>.</summary>
internal enum FieldType
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A whole number (64-bit).</summary>
    Int,

    /// <summary>Any JSON number.</summary>
    Number,

    /// <summary>true or false.</summary>
    Bool,

    /// <summary>An ISO 8601 date and time string, e.g. <c>2026-11-24T16:00:00Z</c>.</summary>
    DateTime,

    /// <summary>Any JSON value, stored as it is.</summary>
    Json,
}
