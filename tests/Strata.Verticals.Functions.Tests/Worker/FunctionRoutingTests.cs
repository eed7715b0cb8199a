using Microsoft.AspNetCore.Http;
using Strata.Verticals.Functions.Worker.Invoking;

namespace Strata.Verticals.Functions.Tests.Worker;

public sealed class FunctionRoutingTests
{
    [Theory]
    [InlineData("/apps/functions/hello", null, null, "/", "hello")]
    [InlineData("/apps/functions/hello/api", null, null, "/", "hello")]
    [InlineData("/apps/functions/hello", "other", null, "/", "hello")] // the gateway's prefix wins over a client's header
    [InlineData(null, "other", null, "/", "other")]
    [InlineData(null, " other ", "dflt", "/", "other")]
    [InlineData("/not-an-app-prefix", "other", null, "/", "other")]
    [InlineData("/apps/functions", null, null, "/", null)]
    [InlineData("/apps//hello", null, null, "/", null)]
    [InlineData(null, null, null, "/", null)]
    [InlineData(null, null, "dflt", "/x", "dflt")]
    [InlineData(null, null, "dflt", "/_strata/healthz", null)] // the worker's own paths stay its own
    [InlineData(null, "hello", "dflt", "/_strata/healthz", "hello")]
    public void Names_the_function_of_a_request(string? prefix, string? header, string? defaultFunction, string path, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        if (prefix is not null)
        {
            context.Request.Headers[FunctionRouting.ForwardedPrefixHeader] = prefix;
        }

        if (header is not null)
        {
            context.Request.Headers[FunctionRouting.FunctionHeader] = header;
        }

        Assert.Equal(expected, FunctionRouting.Resolve(context.Request, defaultFunction));
    }
}
