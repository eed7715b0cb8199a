namespace Strata.Manifest;

/// <summary>
/// An app another app calls, named in <c>caas.uses</c> of <c>strata.yaml</c>: every workload of the
/// using app gets its address under the discovery key <c>services__&lt;app&gt;__http__0</c>.
/// </summary>
/// <param name="Vertical">The used app's vertical: the using app's own when the entry names only the app.</param>
/// <param name="App">The used app's name.</param>
public sealed record UsedApp(string Vertical, string App)
{
    /// <summary><c>&lt;vertical&gt;/&lt;app&gt;</c>, as an entry of another vertical is written.</summary>
    public override string ToString() => $"{Vertical}/{App}";
}
