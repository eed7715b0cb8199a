using Strata.Core.Runtime;

namespace Strata.Core.State;

/// <summary>An app as the host remembers it.</summary>
/// <param name="Vertical">The vertical that maps the app.</param>
/// <param name="Name">The app name, unique within its vertical.</param>
/// <param name="CreatedAt">When the app was first recorded (UTC).</param>
/// <param name="CurrentRevision">The revision last deployed successfully, or <see langword="null"/> before the first one.</param>
public sealed record AppRecord(string Vertical, string Name, DateTimeOffset CreatedAt, int? CurrentRevision)
{
    /// <summary>The runtime of the apps recorded before runtimes were chosen per app, and of new apps by default.</summary>
    public const string DefaultRuntime = "local";

    /// <summary>The runtime that runs the app's revisions: <c>local</c> or <c>kubernetes</c>.</summary>
    public string Runtime { get; init; } = DefaultRuntime;

    /// <summary>The reference that names this app.</summary>
    public AppRef Ref => new(Vertical, Name);
}
