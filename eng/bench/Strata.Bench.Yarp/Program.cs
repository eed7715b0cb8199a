using Yarp.ReverseProxy.Configuration;

// Stock YARP, configured the way its docs start: one catch-all route to one destination, nothing
// in front of the proxy. Usage: dotnet Strata.Bench.Yarp.dll <listen url> <destination url>
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Strata.Bench.Yarp <listen url> <destination url>");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(args[0]);
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "replica", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig { ClusterId = "replica", Destinations = new Dictionary<string, DestinationConfig> { ["replica"] = new() { Address = args[1] } } }]);

var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
return 0;
