using BenchmarkDotNet.Attributes;
using Strata.Core.Naming;

namespace Strata.Bench.Micro;

/// <summary>The naming module: called for every object of every app on every map.</summary>
[MemoryDiagnoser]
public class NamingBenchmarks
{
    private const string LongApp = "a-very-long-application-name-that-certainly-exceeds-the-limit-of-sixty-three";

    /// <summary>A short name: the common case, no truncation.</summary>
    [Benchmark(Baseline = true)]
    public string ObjectName() => StrataNames.ObjectName("storefront", "catalog");

    /// <summary>A name over 63 characters: truncated with a hash suffix.</summary>
    [Benchmark]
    public string ObjectNameTruncated() => StrataNames.ObjectName(LongApp, "worker");

    /// <summary>A user's name normalised to a DNS label.</summary>
    [Benchmark]
    public string ToDnsLabel() => StrataNames.ToDnsLabel("My_Shop.Catalog API");

    /// <summary>The label set of one object.</summary>
    [Benchmark]
    public int Labels() => StrataLabels.For("functions", "hello-function", "fn", 7).Count;
}
