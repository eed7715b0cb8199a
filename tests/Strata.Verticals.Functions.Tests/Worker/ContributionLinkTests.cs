using System.Net;
using Strata.Testing;

namespace Strata.Verticals.Functions.Tests.Worker;

/// <summary>
/// A pool's functions are links to folders elsewhere (the runtime links each shared app's revision): the
/// worker follows them, and a link re-pointed at a new revision's folder serves the new one.
/// </summary>
public sealed class ContributionLinkTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-contributions");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_linked_function_is_served_and_a_repointed_link_serves_the_new_revision()
    {
        var contributions = Directory.CreateDirectory(_root.Combine("contributions")).FullName;
        var revisions = Directory.CreateDirectory(_root.Combine("revisions")).FullName;
        var first = FunctionFolders.Register(revisions, "shared", "Hello", settings: new Dictionary<string, string> { ["GREETING"] = "One" });
        File.CreateSymbolicLink(Path.Combine(contributions, "shared"), first);
        await using var worker = await WorkerProcess.StartAsync(contributions);

        Assert.StartsWith("One, ADA!", await BodyAsync(worker));

        // The next revision: same app, same descriptor revision, another folder (as each deploy's artifact is).
        var next = Directory.CreateDirectory(_root.Combine("next")).FullName;
        var second = FunctionFolders.Register(next, "shared", "Hello", settings: new Dictionary<string, string> { ["GREETING"] = "Two" });
        File.Delete(Path.Combine(contributions, "shared"));
        File.CreateSymbolicLink(Path.Combine(contributions, "shared"), second);

        // The catalog rescans on the folder's change; the bounded retries cover its debounce.
        var body = "";
        for (var attempt = 0; attempt < 50 && !body.StartsWith("Two", StringComparison.Ordinal); attempt++)
        {
            body = await BodyAsync(worker);
            if (!body.StartsWith("Two", StringComparison.Ordinal))
            {
                await Task.Delay(100);
            }
        }

        Assert.StartsWith("Two, ADA!", body);
        Assert.Equal(2, (await worker.StatusOfAsync("shared")).GetProperty("coldStarts").GetInt64());
    }

    private static async Task<string> BodyAsync(WorkerProcess worker)
    {
        using var response = await worker.InvokeAsync("shared", "/?name=ada");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
