namespace Strata.Core.Manifest;

/// <summary>What a YAML scalar is under the YAML 1.2 core schema.</summary>
internal enum YamlScalarType
{
    Null,
    Bool,
    Integer,
    Float,
    String,
}
