namespace Strata.Core.Runtime;

/// <summary>Identifies an app: app names are unique within their vertical.</summary>
/// <param name="Vertical">The vertical name.</param>
/// <param name="App">The app name.</param>
public readonly record struct AppRef(string Vertical, string App)
{
    /// <inheritdoc />
    public override string ToString() => $"{Vertical}/{App}";
}
