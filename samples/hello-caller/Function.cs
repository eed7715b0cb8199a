namespace HelloCaller;

/// <summary>
/// The sample of a function calling another: it asks <c>samples/hello-function</c> for a greeting
/// through the gateway, the way any client would, and relays the answer. HELLO_URL (caas.env in
/// strata.yaml) is the other function's address.
/// </summary>
public sealed class Function(ILogger<Function> logger, IConfiguration configuration)
{
    // One client for every call: a new one per call would leave sockets behind. It goes with the
    // function when the worker unloads it.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var target = configuration["HELLO_URL"];
        if (string.IsNullOrEmpty(target))
        {
            return Results.Problem(statusCode: 500, title: "HELLO_URL is not set", detail: "Set caas.env.HELLO_URL in strata.yaml to hello-function's address.");
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
