// The storefront's catalog: an internal service, reachable only through discovery.
var app = WebApplication.CreateBuilder(args).Build();
var revision = Environment.GetEnvironmentVariable("STRATA_REVISION") ?? "?";
app.MapGet("/healthz", () => "ok");
app.MapGet("/items/{id:int}", (int id) => $"item {id}: a blue teapot (catalog revision {revision})");
app.Run();
