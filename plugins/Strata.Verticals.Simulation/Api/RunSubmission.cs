using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strata.Verticals.Simulation.Runs;

namespace Strata.Verticals.Simulation.Api;

/// <summary>
/// <c>POST /v/simulation/{app}/runs</c>: a run is a revision, so submitting one deploys the serving
/// revision's sources again with the body as <c>spec.run</c> (the host's deploy with a spec change; the
/// model's build is reused). The host validates it with the vertical's spec validation: an invalid run is
/// the host's 400 with every problem at its manifest path (<c>spec.run.parameters.alpha</c>), passed on as is.
/// </summary>
internal static class RunSubmission
{
    public const string DeployClientName = "simulation-deploy";

    public static async Task SubmitAsync(HttpContext context, string app)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]> { ["body"] = [$"must be a JSON run ({{ \"parameters\": {{…}} }} or {{ \"sweep\": {{ \"grid\": {{…}} }} }}): {ex.Message}"] }).ConfigureAwait(false);
            return;
        }

        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]> { ["body"] = ["must be a JSON object: the run, as spec.run of strata.yaml."] }).ConfigureAwait(false);
                return;
            }

            if (HostApi.AppUri(context, app) is not { } api)
            {
                await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Host unreachable", detail: "The host's address is unknown for this request; deploy the run with 'strata deploy'.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            string submitted;
            try
            {
                submitted = body.RootElement.GetRawText();
            }
            catch (InvalidOperationException ex)
            {
                // JsonDocument checks strings' UTF-8 only when they are read.
                await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]> { ["body"] = [$"must be UTF-8 JSON: {ex.Message}"] }).ConfigureAwait(false);
                return;
            }

            var client = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(DeployClientName);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api + "/deploy?vertical=simulation"))
            {
                Content = new StringContent("{\"spec\":{\"run\":" + submitted + "}}", System.Text.Encoding.UTF8, "application/json"),
            };
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Host unreachable", detail: $"The host's control API did not answer: {ex.Message}").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    // The host's ProblemDetails (invalid run, unknown app, failed build) are the answer.
                    context.Response.StatusCode = (int)response.StatusCode;
                    context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/problem+json";
                    await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
                    return;
                }

                using var deployed = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false), cancellationToken: context.RequestAborted).ConfigureAwait(false);
                var revision = deployed.RootElement.GetProperty("revision").GetInt32();
                var unchanged = deployed.RootElement.TryGetProperty("unchanged", out var u) && u.ValueKind == JsonValueKind.True;
                var run = RunDocument.RunId(revision);
                var location = $"{context.Request.PathBase}/v/simulation/{app}/runs/{run}";
                if (!unchanged)
                {
                    context.Response.Headers.Location = location;
                }

                await ApiResponses.JsonAsync(context, new SubmittedRun(run, revision, unchanged, location, location + "/progress"),
                    SimulationJsonContext.Default.SubmittedRun, unchanged ? StatusCodes.Status200OK : StatusCodes.Status201Created).ConfigureAwait(false);
            }
        }
    }
}
