using Strata.Core.Plugins;

namespace Strata.Core.Tests.Plugins;

public sealed class ContractVersionCheckTests
{
    [Theory]
    [InlineData("1.0")]
    [InlineData("1.1")]
    [InlineData("1.2")]
    [InlineData("1.3")]
    [InlineData("1.4")]
    [InlineData("1")]
    public void Accepts_same_major_and_not_newer_minor(string version) => Assert.Null(ContractVersionCheck.Check(version));

    [Theory]
    [InlineData("2.0", "upgrade the host")]
    [InlineData("1.5", "upgrade the host")]
    [InlineData("0.9", "rebuild the plugin")]
    public void Refuses_other_versions_naming_both(string version, string advice)
    {
        var reason = ContractVersionCheck.Check(version);
        Assert.NotNull(reason);
        Assert.Contains($"built for contract {version}", reason);
        Assert.Contains($"this host speaks contract {StrataContract.Version}", reason);
        Assert.Contains(advice, reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("one.two")]
    [InlineData("1.0.0")]
    public void Refuses_malformed_versions(string? version)
        => Assert.Contains("not of the form major.minor", ContractVersionCheck.Check(version));
}
