using Microsoft.Extensions.Options;
using Strata.Hosting;
using Strata.Verticals.Functions.Worker;
using Strata.Verticals.Functions.Worker.Catalog;
using Strata.Verticals.Functions.Worker.Diagnostics;
using Strata.Verticals.Functions.Worker.Invoking;
using Strata.Verticals.Functions.Worker.Loading;

// The generic function worker: see README.md beside this file for its interface (functions folder,
// how a request names its function, endpoints, settings).
// Standard output in batches (Diagnostics/BatchedStandardOutput.cs), installed before logging takes the console's writer.
using var batchedOutput = BatchedStandardOutput.Install();
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

// The runtime gives PORT; ASPNETCORE_URLS, when set, wins (e.g. a pod that must listen on all interfaces).
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"))
    && Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } port)
{
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
}

// On the Local runtime, once ready, the worker accepts its service's connections itself (Strata.Hosting):
// callers through the service's address (discovery, the functions API) reach it with no proxy hop.
builder.WebHost.UseStrataServiceListener();

builder.Services.AddOptions<FunctionWorkerOptions>()
    .Bind(builder.Configuration.GetSection(FunctionWorkerOptions.Section))
    // A pool's worker has no functions folder of its own: it serves what other apps contribute to it.
    .PostConfigure(options => options.Directory ??= Environment.GetEnvironmentVariable(FunctionWorkerOptions.DirectoryVariable)
        ?? Environment.GetEnvironmentVariable(FunctionWorkerOptions.ContributionsVariable))
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<FunctionWorkerOptions>, FunctionWorkerOptionsValidator>();
builder.Services.AddSingleton(services => new FunctionCatalog(
    Path.GetFullPath(services.GetRequiredService<IOptions<FunctionWorkerOptions>>().Value.Directory!),
    services.GetRequiredService<ILogger<FunctionCatalog>>()));
builder.Services.AddSingleton<FunctionLoader>();
builder.Services.AddSingleton<FunctionPool>();
builder.Services.AddSingleton<FunctionMetrics>();
builder.Services.AddSingleton<WorkerReadiness>();
builder.Services.AddHostedService<WorkerWarmup>();
builder.Services.AddHostedService<FunctionSweeper>();

var app = builder.Build();
app.UseMiddleware<FunctionInvocationMiddleware>();
app.UseRouting();
WorkerEndpoints.Map(app);
await app.RunAsync();
