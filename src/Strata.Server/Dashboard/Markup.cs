namespace Strata.Server.Dashboard;

/// <summary>
/// HTML that is already safe to write as it is. Only <see cref="Html.Of"/> and <see cref="Html.Join"/> make
/// one from text, so every value that reaches a page went through the encoder on the way.
/// </summary>
internal readonly record struct Markup(string Value)
{
    /// <summary>No markup.</summary>
    public static Markup Empty { get; } = new("");

    /// <inheritdoc />
    public override string ToString() => Value ?? "";
}
