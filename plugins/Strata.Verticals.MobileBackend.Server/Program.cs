using System.Text.Json;
using Strata.Verticals.MobileBackend.Schema;
using Strata.Verticals.MobileBackend.Server;
using Strata.Verticals.MobileBackend.Server.Auth;
using Strata.Verticals.MobileBackend.Server.Feed;
using Strata.Verticals.MobileBackend.Server.Files;
using Strata.Verticals.MobileBackend.Server.Push;
using Strata.Verticals.MobileBackend.Server.Storage;

// The generic mobile backend of one app: see README.md beside this file for its API and settings.
var settings = ServerSettings.FromEnvironment();
var specJson = await File.ReadAllTextAsync(settings.SchemaPath);
AppSchema schema;
using (var spec = JsonDocument.Parse(specJson))
{
    schema = SchemaReader.ReadValid(spec.RootElement);
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"))
    && Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } port)
{
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Math.Max(schema.Files.MaxBytes, JsonBody.MaxBytes) + (64 * 1024));
var store = StoreFactory.Create(schema, settings);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(schema);
builder.Services.AddSingleton(store);
builder.Services.AddSingleton(new FileStorage(settings.DataDirectory));
builder.Services.AddSingleton(services => new TokenService(SigningKey.Load(settings.SigningKey, settings.DataDirectory), settings.App, schema, services.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton<ChangeSignal>();
builder.Services.AddSingleton<PushSignal>();
builder.Services.AddHttpClient(nameof(WebhookPushDelivery));
builder.Services.AddSingleton<IPushDelivery>(services => schema.PushWebhook is { } hook
    ? new WebhookPushDelivery(services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebhookPushDelivery)), new Uri(hook))
    : ActivatorUtilities.CreateInstance<LoggingPushDelivery>(services));
builder.Services.AddHostedService<PushDispatcher>();

var app = builder.Build();
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Strata.Verticals.MobileBackend.Server");

// The schema is moved before the server listens: a refused change never becomes ready, so the
// runtime keeps the previous revision serving, and the data is left exactly as it was.
var plan = await store.MigrateAsync(schema, specJson, CancellationToken.None);
if (!plan.Allowed)
{
    foreach (var reason in plan.Refusals)
    {
        ServerLog.MigrationRefused(logger, settings.App, reason);
    }

    await File.WriteAllLinesAsync(Path.Combine(settings.DataDirectory, "schema-refused.txt"), plan.Refusals);

    // The console logger writes from a queue: disposing the app flushes it, so the reasons reach
    // the runtime's log before the process ends.
    await app.DisposeAsync();
    return 3;
}

File.Delete(Path.Combine(settings.DataDirectory, "schema-refused.txt"));
foreach (var step in plan.Steps)
{
    ServerLog.MigrationStep(logger, settings.App, step);
}

var signal = app.Services.GetRequiredService<ChangeSignal>();
store.Changed += signal.Pulse;
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapGet("/_strata/healthz", () => Results.Text("ok"));
AuthEndpoints.Map(app);
ChangeFeedEndpoint.Map(app);
CollectionEndpoints.Map(app);
FileEndpoints.Map(app);
PushEndpoints.Map(app);
SdkEndpoint.Map(app);
ServerLog.Serving(logger, settings.App, schema.Collections.Count, schema.Database.Provider);
await app.RunAsync();
return 0;
