namespace Strata.Server.Plugins;

/// <summary>A downloaded package: its identity, where it came from, its bytes and their SHA-512 (base64, as NuGet writes it).</summary>
internal sealed record PluginPackage(string Id, string Version, string Source, byte[] Content, string Sha512);
