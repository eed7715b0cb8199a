using System.Collections;

namespace Strata.Runtime.Kubernetes;

/// <summary>What a value is written as.</summary>
internal enum YamlNodeKind
{
    /// <summary>A model object: a map of its non-null properties.</summary>
    Object,

    /// <summary>A dictionary: a map of its entries.</summary>
    Map,

    /// <summary>Any other enumerable: a list.</summary>
    List,

    /// <summary>A generic dictionary that is not an <see cref="IDictionary"/>: left to the reference serializer.</summary>
    Unsupported,
}
