// The storefront's public service: asks the catalog service, found by name through discovery.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddServiceDiscovery();
builder.Services.AddHttpClient("catalog", client => client.BaseAddress = new Uri("http://catalog")).AddServiceDiscovery();

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapGet("/", async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
{
    var item = await clients.CreateClient("catalog").GetStringAsync("/items/1", cancellationToken);
    return $"storefront (web pid {Environment.ProcessId}) shows: {item}\n";
});
app.Run();
