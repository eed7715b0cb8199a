using System.Diagnostics;

// The replica the gateway benchmark measures against. It must cost the same whoever calls it, so
// it does no logging and no per-request allocation beyond what Kestrel and routing do.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

// The Local runtime sets ASPNETCORE_URLS; PORT is the fallback when only a port is given.
if (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null
    && Environment.GetEnvironmentVariable("PORT") is { } port)
{
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
}

// Through the service's stable address the replica takes the connections itself (no proxy hop).
Strata.Hosting.StrataHostingExtensions.UseStrataServiceListener(builder.WebHost);

var app = builder.Build();

// ~200 µs of CPU per request, measured on the clock rather than counted in loop turns, so the
// cost is the same on any machine.
var work = TimeSpan.FromMicroseconds(double.TryParse(Environment.GetEnvironmentVariable("BENCH_WORK_MICROSECONDS"), out var us) ? us : 200);
var workTicks = (long)(work.TotalSeconds * Stopwatch.Frequency);

app.MapGet("/trivial", () => "ok");
app.MapGet("/work", () =>
{
    var start = Stopwatch.GetTimestamp();
    var spins = 0L;
    while (Stopwatch.GetTimestamp() - start < workTicks)
    {
        spins++;
    }

    return spins > 0 ? "worked" : "idle";
});
app.MapGet("/healthz", () => "ok");

await app.RunAsync();
