using Strata.Core.Processes;

namespace Strata.Core.Tests.Processes;

public sealed class ProcStatTests
{
    [Theory]
    [InlineData("1234 (dotnet) S 1 1234 1234 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 20 0 987654 123 456", 987654L)]
    [InlineData("1234 (my app) x) R 1 1234 1234 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 20 0 42 123 456", 42L)]
    [InlineData("1234 (short) S 1 2", null)]
    [InlineData("garbage", null)]
    public void Start_time_is_field_22_counted_after_the_command_name(string stat, long? expected) =>
        Assert.Equal(expected, ProcStat.Parse(stat));

    [Fact]
    public void The_start_time_of_this_process_is_readable_on_linux()
    {
        Assert.True(ProcStat.StartTime(Environment.ProcessId) > 0);
    }
}
