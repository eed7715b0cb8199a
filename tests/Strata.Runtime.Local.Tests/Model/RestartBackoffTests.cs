using Strata.Runtime.Local.Replicas;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class RestartBackoffTests
{
    [Theory]
    [InlineData(0, 500)]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(5, 16000)]
    [InlineData(6, 30000)]
    [InlineData(60, 30000)]
    public void Delays_double_from_half_a_second_up_to_thirty_seconds(int attempt, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RestartBackoff.Delay(attempt));
}
