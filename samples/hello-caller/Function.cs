namespace HelloCaller;

/// <summary>
/// The sample of a function calling another: it asks <c>samples/hello-function</c> for a greeting and
/// relays the answer. <c>caas.uses: [hello-function]</c> in strata.yaml makes the host give every
/// workload of this app hello-function's address in <c>services__hello-function__http__0</c> (the key
/// Microsoft.Extensions.ServiceDiscovery reads for <c>http://hello-function</c>), whatever port the host
/// listens on.
/// </summary>
public sealed class Function(ILogger<Function> logger, IConfiguration configuration)
{
    // One client for every call: a new one per call would leave sockets behind. It goes with the
    // function when the worker unloads it.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        // The environment variable services__hello-function__http__0, as configuration reads it.
        var target = configuration["services:hello-function:http:0"];
        if (string.IsNullOrEmpty(target))
        {
            return Results.Problem(
                statusCode: 500,
                title: "hello-function's address is not set",
                detail: "services__hello-function__http__0 is empty; name the app in strata.yaml (caas: { uses: [hello-function] }) and deploy again.");
        }

        var name = context.Request.Query["name"].FirstOrDefault() ?? "world";
        var uri = new Uri($"{target.TrimEnd('/')}/?name={Uri.EscapeDataString(name)}");
        try
        {
            using var response = await Http.GetAsync(uri, context.RequestAborted);
            var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
            logger.LogInformation("hello-function answered {Status}", (int)response.StatusCode);
            return response.IsSuccessStatusCode
                ? Results.Text($"hello-caller relayed: {body}")
                : Results.Problem(statusCode: 502, title: "hello-function failed", detail: $"{(int)response.StatusCode}: {body}");
        }
        catch (HttpRequestException ex)
        {
            return Results.Problem(statusCode: 502, title: "hello-function unreachable", detail: $"{uri}: {ex.Message}");
        }
    }
}
