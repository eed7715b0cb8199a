using Strata.Core.Discovery;
using Strata.Manifest;
using Strata.Runtime.Local.Tests.Jobs;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Discovery;

/// <summary>
/// <c>caas.uses</c> on the Local runtime, with real replica and job processes: every workload gets the host
/// gateway's address of each used app under <c>services__&lt;app&gt;__http__0</c>.
/// </summary>
[Collection(JobsCollection.Name)]
public sealed class UsedAppsTests
{
    private static AppRevision Revision(int number, CaasOverrides caas) => new()
    {
        Manifest = new AppManifest { Name = RuntimeHarness.App.App, Vertical = RuntimeHarness.App.Vertical, Caas = caas },
        Number = number,
    };

    private static readonly CaasOverrides Uses = new() { Uses = [new UsedApp("tests", "hello"), new UsedApp("functions", "hello-function")] };

    [Fact]
    public async Task A_service_replica_gets_the_gateway_address_of_each_used_app_known_once_the_gateway_listens()
    {
        var gateway = new GatewayAddressStandIn();
        await using var harness = new RuntimeHarness(gatewayAddress: gateway);

        // As on a host started on port 0: the apply waits for the address rather than guess it.
        var apply = harness.Runtime.ApplyAsync(Revision(1, Uses), RuntimeHarness.Web(), RuntimeHarness.Timeout(60));
        await Task.Delay(300);
        Assert.False(apply.IsCompleted);
        gateway.Listening(new Uri("http://127.0.0.1:41234"));
        var result = await apply;
        Assert.True(result.Succeeded, result.Message);

        Assert.Equal("http://127.0.0.1:41234/apps/tests/hello", await harness.GetAsync("/env/services__hello__http__0"));
        Assert.Equal("http://127.0.0.1:41234/apps/functions/hello-function", await harness.GetAsync("/env/services__hello-function__http__0"));
        Assert.Equal((await harness.ServiceUriAsync()).ToString().TrimEnd('/'), await harness.GetAsync("/env/services__web__http__0"));
    }

    [Fact]
    public async Task An_explicit_env_setting_wins_over_a_used_apps_address()
    {
        await using var harness = new RuntimeHarness(gatewayAddress: new GatewayAddressStandIn(new Uri("http://127.0.0.1:41234")));
        var env = new Dictionary<string, string> { ["services__hello__http__0"] = "http://127.0.0.1:9/elsewhere" };

        var result = await harness.Runtime.ApplyAsync(Revision(1, Uses), RuntimeHarness.Web(env), RuntimeHarness.Timeout(60));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("http://127.0.0.1:9/elsewhere", await harness.GetAsync("/env/services__hello__http__0"));
        Assert.Equal("http://127.0.0.1:41234/apps/functions/hello-function", await harness.GetAsync("/env/services__hello-function__http__0"));
    }

    [Fact]
    public async Task A_job_task_gets_the_used_apps_addresses_too()
    {
        await using var harness = new JobHarness(gatewayAddress: new GatewayAddressStandIn(new Uri("http://127.0.0.1:41234")));
        // bash, not sh: dash drops variables whose names are not shell identifiers (services__hello-function__http__0).
        var job = harness.Job("""env > "$D/env-$JOB_COMPLETION_INDEX" """);
        job = job with { Artifact = job.Artifact with { Command = ["/bin/bash", .. job.Artifact.Command.Skip(1)] } };

        var result = await harness.Runtime.ApplyAsync(Revision(1, Uses), new WorkloadSet { Jobs = [job] }, RuntimeHarness.Timeout(60));
        Assert.True(result.Succeeded, result.Message);
        await harness.WaitForStateAsync("Succeeded");

        var env = harness.Lines("env-0").Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("http://127.0.0.1:41234/apps/tests/hello", env["services__hello__http__0"]);
        Assert.Equal("http://127.0.0.1:41234/apps/functions/hello-function", env["services__hello-function__http__0"]);
    }

    [Fact]
    public async Task A_runtime_without_a_gateway_refuses_a_revision_that_uses_apps_and_starts_nothing()
    {
        await using var harness = new RuntimeHarness();

        var result = await harness.Runtime.ApplyAsync(Revision(1, Uses), RuntimeHarness.Web(), RuntimeHarness.Timeout(60));

        Assert.False(result.Succeeded);
        Assert.Contains("caas.uses: tests/hello, functions/hello-function", result.Message, StringComparison.Ordinal);
        Assert.Empty((await harness.StatusAsync()).Services);
    }

    private sealed class GatewayAddressStandIn(Uri? known = null) : IGatewayAddress
    {
        private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Uri? Known => known ?? (_address.Task.IsCompletedSuccessfully ? _address.Task.Result : null);

        public void Listening(Uri address) => _address.SetResult(address);

        public async ValueTask<Uri> GetAsync(CancellationToken cancellationToken) =>
            known ?? await _address.Task.WaitAsync(cancellationToken);
    }
}
