using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Server.Tests.BadInput;

/// <summary>What the bad-input suite found in path deploys, pinned: each refusal with its field, before anything is copied.</summary>
public sealed class PathDeployRefusalTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-pathdeploy");

    private async Task<IReadOnlyCollection<string>> ErrorsAsync(TestHost host, string path)
    {
        using var response = await host.Http.PostAsJsonAsync($"/api/apps/{BadManifests.GuardApp}/deploy", new { path });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return [.. problem["errors"]!.AsObject().Select(e => e.Key)];
    }

    [Fact]
    public async Task Folders_without_a_manifest_and_the_data_folder_are_refused_and_links_are_not_followed()
    {
        await File.WriteAllTextAsync(_root.Combine("strata.yaml"), BadUploads.Manifest);
        var loop = _root.Combine("loop");
        Directory.CreateDirectory(loop);
        await File.WriteAllTextAsync(Path.Combine(loop, "strata.yaml"), BadUploads.Manifest);
        Directory.CreateSymbolicLink(Path.Combine(loop, "self"), ".");
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions);

        Assert.Equal(["strata.yaml"], await ErrorsAsync(host, "/"));
        Assert.Equal(["path"], await ErrorsAsync(host, _root.Path));
        Assert.Equal(["path"], await ErrorsAsync(host, Path.Combine(host.DataDirectory, "staging", "..")));

        // The link back to the folder is skipped, so the copy ends and the manifest's own problem is the answer.
        Assert.Equal(["name"], await ErrorsAsync(host, loop));
        var staging = Path.Combine(host.DataDirectory, "staging");
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging).Any());
    }

    public void Dispose() => _root.Dispose();
}
