using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Strata.Verticals.Functions.Worker;

/// <summary>
/// The dummy function the worker loads (from its own assembly, into a collectible context) and
/// unloads at start, so that the first real cold start finds the load path compiled. Has the shape
/// of a user's handler on purpose.
/// </summary>
public sealed class WarmupFunction(ILogger<WarmupFunction> logger, IConfiguration configuration)
{
    /// <summary>Answers a short text, like the smallest real function.</summary>
    public Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _ = configuration["STRATA_APP"];
        _ = logger.IsEnabled(LogLevel.Trace);
        return Task.FromResult(Results.Text("warm\n"));
    }
}
