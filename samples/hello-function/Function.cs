namespace HelloFunction;

/// <summary>
/// The sample HTTP function: answers every request with a greeting. GREETING comes from the
/// manifest's caas.env; ?name= picks who is greeted.
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
