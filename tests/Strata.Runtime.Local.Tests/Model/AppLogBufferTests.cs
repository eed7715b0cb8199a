using Strata.Core.Runtime;
using Strata.Runtime.Local.Logs;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class AppLogBufferTests
{
    [Fact]
    public void The_tail_keeps_the_newest_lines_oldest_first_and_filters_by_workload()
    {
        var buffer = new AppLogBuffer(capacity: 4);
        for (var i = 1; i <= 6; i++)
        {
            buffer.Append(Line(i % 2 == 0 ? "web" : "api", $"line {i}"));
        }

        Assert.Equal(["line 3", "line 4", "line 5", "line 6"], buffer.Tail(null, 10).Select(l => l.Entry.Line));
        Assert.Equal(["line 5", "line 6"], buffer.Tail(null, 2).Select(l => l.Entry.Line));
        Assert.Equal(["line 4", "line 6"], buffer.Tail("web", 10).Select(l => l.Entry.Line));
    }

    [Fact]
    public async Task A_follower_gets_the_tail_then_every_later_line_until_the_app_is_gone()
    {
        var buffer = new AppLogBuffer(capacity: 10);
        buffer.Append(Line("web", "before"));
        var (tail, follow, subscription) = buffer.Follow(null, 10);
        using (subscription)
        {
            buffer.Append(Line("web", "after"));
            buffer.Complete();

            var later = new List<string>();
            await foreach (var line in follow.ReadAllAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token))
            {
                later.Add(line.Entry.Line);
            }

            Assert.Equal(["before"], tail.Select(l => l.Entry.Line));
            Assert.Equal(["after"], later);
        }
    }

    private static AppLogLine Line(string workload, string text) =>
        new(workload, new LogEntry(DateTimeOffset.UnixEpoch, workload + "-1", "stdout", text));
}
