using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class JobWithServiceTests
{
    [Fact]
    public async Task A_job_sees_the_discovery_keys_of_the_services_of_its_revision()
    {
        await using var harness = new JobHarness();
        var job = harness.Job("""env > "$D/env-$JOB_COMPLETION_INDEX" """, completions: 2, parallelism: 2) with
        {
            EnvFrom = ["settings"],
        };
        var workloads = RuntimeHarness.Web() with
        {
            Jobs = [job],
            Config = [new ConfigSet { Name = "settings", Data = new Dictionary<string, string> { ["FROM_CONFIG"] = "c" } }],
        };

        await harness.ApplyAsync(1, workloads);
        await harness.WaitForStateAsync("Succeeded");

        var web = await harness.Runtime.GetServiceUriAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout());
        for (var index = 0; index < 2; index++)
        {
            var env = harness.Lines($"env-{index}").Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(web!.ToString().TrimEnd('/'), env["services__web__http__0"]);
            Assert.Equal(index.ToString(System.Globalization.CultureInfo.InvariantCulture), env["JOB_COMPLETION_INDEX"]);
            Assert.Equal(("work", "demo", "tests", "1", "c"), (env["STRATA_JOB"], env["STRATA_APP"], env["STRATA_VERTICAL"], env["STRATA_REVISION"], env["FROM_CONFIG"]));
            Assert.False(env.ContainsKey("PORT"));
        }

        var status = await harness.Runtime.GetStatusAsync(RuntimeHarness.App, RuntimeHarness.Timeout());
        Assert.Equal(1, Assert.Single(status.Services).ReadyReplicas);
    }
}
