namespace Strata.Runtime.Local.Apps;

/// <summary>An immutable box, so that an optional value type can be published with one volatile write.</summary>
internal sealed record StrongBox<T>(T Value) where T : struct;
