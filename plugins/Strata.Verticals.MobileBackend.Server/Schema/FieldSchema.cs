using System.Text.Json;

namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>One field of a collection, as <c>spec.collections.&lt;name&gt;.fields.&lt;field&gt;</c> declares it.</summary>
/// <param name="Name">The field name (a JSON property of the document).</param>
/// <param name="Type">The value type (of each item, for a list).</param>
/// <param name="IsList">True for <c>string[]</c> and the like.</param>
internal sealed record FieldSchema(string Name, FieldType Type, bool IsList = false)
{
    /// <summary>A document must carry the field (with a non-null value).</summary>
    public bool Required { get; init; }

    /// <summary>The value a new document gets when it leaves the field out, and what existing documents get when the field is added.</summary>
    public JsonElement? Default { get; init; }

    /// <summary>The longest string allowed (strings only).</summary>
    public int? MaxLength { get; init; }

    /// <summary>The smallest number allowed (numbers only).</summary>
    public double? Min { get; init; }

    /// <summary>The largest number allowed (numbers only).</summary>
    public double? Max { get; init; }

    /// <summary>The type as the spec spells it: <c>string</c>, <c>int[]</c>, …</summary>
    public string TypeName => FieldTypes.Name(Type) + (IsList ? "[]" : "");
}
