namespace {{ app.namespace }};

/// <summary>
/// An HTTP function: Strata calls <see cref="HandleAsync"/> for every request to the app.
/// Constructor parameters come from dependency injection (logging, configuration).
/// </summary>
public sealed class Function(ILogger<Function> logger, IConfiguration configuration)
{
    public Task<IResult> HandleAsync(HttpContext context)
    {
        var name = context.Request.Query["name"].FirstOrDefault() ?? "world";
        var greeting = configuration["GREETING"] ?? "Hello";
        logger.LogInformation("Greeting {Name}", name);
        return Task.FromResult(Results.Text($"{greeting}, {name}!\n"));
    }
}
