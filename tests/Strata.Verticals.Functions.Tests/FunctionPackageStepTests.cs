using System.Text;
using Strata.Verticals.Functions.Worker.Catalog;

namespace Strata.Verticals.Functions.Tests;

public sealed class FunctionPackageStepTests
{
    [Fact]
    public void The_plugin_carries_the_worker_it_packages_with_every_function()
        => Assert.Equal(
            ["Strata.Hosting.dll", "Strata.Verticals.Functions.Worker.deps.json", "Strata.Verticals.Functions.Worker.dll", "Strata.Verticals.Functions.Worker.runtimeconfig.json"],
            FunctionPackageStep.WorkerFiles.Order(StringComparer.Ordinal));

    [Fact]
    public void The_descriptor_it_writes_is_one_the_worker_reads()
    {
        var json = FunctionPackageStep.Descriptor("hello-function", new FunctionSpec("HelloFunction.Function", 12));

        var descriptor = FunctionDescriptor.Parse(Encoding.UTF8.GetBytes(json), "/artifact/functions/hello-function", "function.json");

        Assert.Equal(("hello-function", "HelloFunction.Function", "hello-function.dll", 12), (descriptor.App, descriptor.Handler, descriptor.Assembly, descriptor.TimeoutSeconds));
        Assert.Equal(FunctionPackageStep.DescriptorRevision, descriptor.Revision);
    }
}
