using Strata.Core.Runtime;
using Strata.Runtime.Local.Tests.Support;

namespace Strata.Runtime.Local.Tests.Logs;

public sealed class LogLineTests
{
    // A replica's output is read in chunks, as many lines at a time as a read gives; the lines must be
    // those StreamReader.ReadLine would give: \n, \r\n and a lone \r end one, also across two writes.
    [Fact]
    public async Task Output_is_split_into_lines_at_every_kind_of_line_end_even_across_writes()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var id = Assert.Single((await harness.WebStatusAsync()).Replicas).Id;
        var uri = new Uri(await harness.ServiceUriAsync(), "/write");
        foreach (var part in new[] { "begin\none\r", "\ntwo\rthree\r\n\nfour", " still four\nend\n" })
        {
            using var response = await harness.Http.PostAsync(uri, new StringContent(part), RuntimeHarness.Timeout());
            response.EnsureSuccessStatusCode();
        }

        string[] expected = ["begin", "one", "two", "three", "", "four still four", "end"];
        List<string> lines = [];
        await RuntimeHarness.EventuallyAsync(
            async () =>
            {
                lines = [];
                await foreach (var entry in harness.Runtime.ReadLogsAsync(RuntimeHarness.App, new LogQuery { Workload = "web", Tail = 200 }, RuntimeHarness.Timeout()))
                {
                    lines.Add(entry.Line);
                }

                return lines.Contains("end");
            },
            seconds: 15, "the last written line in the app's log");
        Assert.Equal(expected, lines.SkipWhile(l => l != "begin").Take(expected.Length));

        // The log file has the same lines, in order (each after its time stamp and stream).
        var file = Path.Combine(harness.DataDirectory, "logs", RuntimeHarness.App.Vertical, RuntimeHarness.App.App, id + ".log");
        var inFile = (await File.ReadAllLinesAsync(file, RuntimeHarness.Timeout()))
            .Select(l => l.Split(' ', 3) is [_, "stdout", var rest] ? rest : l.Split(' ', 3) is [_, "stdout"] ? "" : null)
            .Where(l => l is not null)
            .SkipWhile(l => l != "begin")
            .Take(expected.Length);
        Assert.Equal(expected, inFile);
    }
}
