using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Server.Gateway;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.Server.Tests.Gateway;

/// <summary>Deploys, rollbacks and a broken revision while the app is under load: no request may fail.</summary>
public sealed class GatewayRolloutTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _root = new("strata-gateway");

    [Theory]
    [InlineData(GatewayMode.InProcess)]
    [InlineData(GatewayMode.Process)]
    public async Task Rolling_update_under_load_fails_no_request_and_then_only_the_new_revision_answers(GatewayMode mode)
    {
        await using var host = await GatewayModes.StartWebAsync(_root, mode);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("roll", "one");

        await using var load = LoadRun.Start(apps.Url("roll"));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await apps.DeployOkAsync("roll", "two");
        load.NextPhase();
        output.WriteLine($"revision 2 serving at {load.Elapsed.TotalSeconds:0.00} s");
        await load.RunUntilAsync(LoadDuration, after: TimeSpan.FromSeconds(2));
        output.WriteLine(load.Summary());

        Assert.True(load.Failures == 0, load.Summary());
        Assert.Contains("one from revision 1", load.Answers(0).Keys);
        Assert.All(load.Answers(1).Keys, body => Assert.Equal("two from revision 2", body));
        Assert.Equal(["two from revision 2"], await apps.AnswersAsync("roll"));
    }

    [Theory]
    [InlineData(GatewayMode.InProcess)]
    [InlineData(GatewayMode.Process)]
    public async Task Rollback_under_load_fails_no_request_and_then_revision_1_answers(GatewayMode mode)
    {
        await using var host = await GatewayModes.StartWebAsync(_root, mode);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("back", "one");
        await apps.DeployOkAsync("back", "two");

        await using var load = LoadRun.Start(apps.Url("back"));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var rollback = await host.Http.PostAsJsonAsync("/api/apps/back/rollback", new { revision = 1 });
        load.NextPhase();
        output.WriteLine($"revision 1 serving again at {load.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        await load.RunUntilAsync(LoadDuration, after: TimeSpan.FromSeconds(2));
        output.WriteLine(load.Summary());

        Assert.True(load.Failures == 0, load.Summary());
        Assert.Contains("two from revision 2", load.Answers(0).Keys);
        Assert.All(load.Answers(1).Keys, body => Assert.Equal("one from revision 1", body));
        Assert.Equal(["one from revision 1"], await apps.AnswersAsync("back"));
    }

    [Theory]
    [InlineData(GatewayMode.InProcess)]
    [InlineData(GatewayMode.Process)]
    public async Task Broken_revision_under_load_is_rejected_and_the_old_one_keeps_answering(GatewayMode mode)
    {
        await using var host = await GatewayModes.StartWebAsync(_root, mode);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("broken", "one");

        await using var load = LoadRun.Start(apps.Url("broken"));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var deploy = await apps.DeployAsync("broken", "two", crashAtStart: true);
        var problem = await deploy.Content.ReadFromJsonAsync<JsonObject>();
        load.NextPhase();
        await load.RunUntilAsync(LoadDuration, after: TimeSpan.FromSeconds(2));
        output.WriteLine($"deploy answered {(int)deploy.StatusCode}: {problem?["detail"]}");
        output.WriteLine(load.Summary());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, deploy.StatusCode);
        Assert.Contains("did not become ready", problem!["detail"]!.GetValue<string>());
        Assert.True(load.Failures == 0, load.Summary());
        Assert.Equal(["one from revision 1"], load.Answers(0).Keys);
        Assert.All(load.Answers(1).Keys, body => Assert.Equal("one from revision 1", body));
        Assert.Equal(["one from revision 1"], await apps.AnswersAsync("broken"));
    }

    public void Dispose() => _root.Dispose();
}
