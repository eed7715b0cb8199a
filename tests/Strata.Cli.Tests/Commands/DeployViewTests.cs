using System.Text.RegularExpressions;
using Strata.Cli.Commands;

namespace Strata.Cli.Tests.Commands;

/// <summary>What a deploy prints from the host's answer.</summary>
public sealed class DeployViewTests
{
    [Fact]
    public void Plain_result_is_indented_step_lines_the_image_and_the_deployed_line()
    {
        var (console, output, _) = Cli.Console();

        DeployCommand.Result(console, Samples.Deploy(), TimeSpan.FromSeconds(6));

        // The shapes scripts (and the end-to-end tests) read.
        Assert.Matches(new Regex(@"(?m)^\s+package\s+ran\s"), output.Output);
        Assert.Matches(new Regex(@"(?m)^\s+restore\s+cached\s"), output.Output);
        Assert.Matches(new Regex(@"(?m)^\s+image\s+(?<repo>\S+)@(?<digest>sha256:[0-9a-f]{64})\s*$"), output.Output);
        Assert.Equal("Deployed: hello revision 3 → http://127.0.0.1:5480/apps/functions/hello/", ListViewTests.Lines(output.Output)[^1]);
    }

    [Fact]
    public void Rich_result_is_a_table_of_steps_with_the_total_time()
    {
        var (console, output, _) = Cli.Console(rich: true);

        DeployCommand.Result(console, Samples.Deploy(), TimeSpan.FromSeconds(6.04));

        Assert.Contains("STEP", output.Output, StringComparison.Ordinal);
        Assert.Contains("publish-image", output.Output, StringComparison.Ordinal);
        Assert.Contains("4.25s", output.Output, StringComparison.Ordinal);
        Assert.Contains("6.0s in all", output.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unchanged_and_cluster_deploys_say_so()
    {
        var answer = Samples.Deploy();
        answer["unchanged"] = true;
        answer["runtime"] = "kubernetes";
        var (console, output, _) = Cli.Console();

        DeployCommand.Result(console, answer, TimeSpan.Zero);

        Assert.Contains("Unchanged: hello revision 3 on kubernetes (the cluster routes it; see strata status hello)", output.Output, StringComparison.Ordinal);
    }
}
