using Strata.Runtime.Local.Tests.Support;

namespace Strata.Runtime.Local.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class JobLogRotationTests
{
    [Fact]
    public async Task A_chatty_task_gets_rotated_log_files_within_the_cap()
    {
        const int cap = 16 * 1024;
        await using var harness = new JobHarness(o => o with { MaxLogFileBytes = cap, MaxLogFiles = 3 });
        var line = new string('x', 100);

        await harness.ApplyAsync(1, harness.Job($"i=0; while [ $i -lt 2000 ]; do echo \"$i {line}\"; i=$((i+1)); done"));
        await harness.WaitForStateAsync("Succeeded", seconds: 30);

        var folder = Path.Combine(harness.DataDirectory, "logs", RuntimeHarness.App.Vertical, RuntimeHarness.App.App);
        var files = Directory.GetFiles(folder, "work-0.log*").Select(f => new FileInfo(f)).ToList();
        Assert.Equal(["work-0.log", "work-0.log.1", "work-0.log.2"], files.Select(f => f.Name).Order(StringComparer.Ordinal));
        var longestLine = files.SelectMany(f => File.ReadLines(f.FullName)).Max(l => l.Length + 1);
        Assert.All(files, f => Assert.True(f.Length <= cap + longestLine, $"{f.Name} has {f.Length} bytes"));
        Assert.Contains(File.ReadLines(Path.Combine(folder, "work-0.log")), l => l.Contains($"1999 {line}", StringComparison.Ordinal));
    }
}
