// The hand-built equivalent of a Strata function: the same handler class, constructed per request
// with dependency injection, behind Kestrel on 127.0.0.1 (PORT from the environment).
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("PORT") ?? "5000"}");
builder.Services.AddTransient<HelloFunction.Function>();

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Map("/{**path}", (HttpContext context, HelloFunction.Function function) => function.HandleAsync(context));
app.Run();
