using Microsoft.Extensions.Logging.Abstractions;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class LocalRuntimeOptionsTests
{
    [Fact]
    public void Every_problem_with_the_options_is_reported_at_once()
    {
        var options = new LocalRuntimeOptions { DataDirectory = " ", Host = "localhost", ReadyTimeout = TimeSpan.Zero, LogLinesPerApp = 0, AutoscaleInterval = TimeSpan.Zero, ScaleDownDelay = TimeSpan.FromSeconds(-1), MaxLogFileBytes = 10, MaxLogFiles = 0 };

        var error = Assert.Throws<ArgumentException>(() => new LocalRuntime(options, NullLoggerFactory.Instance));

        Assert.Contains("DataDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains("Host 'localhost'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReadyTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("LogLinesPerApp", error.Message, StringComparison.Ordinal);
        Assert.Contains("AutoscaleInterval", error.Message, StringComparison.Ordinal);
        Assert.Contains("ScaleDownDelay", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxLogFileBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxLogFiles must", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DrainTimeout", error.Message, StringComparison.Ordinal);
    }
}
