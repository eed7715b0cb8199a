using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strata.Deployment;
using Strata.Verticals.Simulation.Runs;

namespace Strata.Verticals.Simulation.Api;

/// <summary>
/// <c>POST /v/simulation/{app}/runs</c>: a run is a revision, so submitting one deploys the serving
/// revision's sources again with the body as <c>spec.run</c> (the host's deploy with a spec change through
/// <see cref="IAppControl"/>; the model's build is reused). The host validates it with the vertical's spec validation: an invalid run is
/// the host's 400 with every problem at its manifest path (<c>spec.run.parameters.alpha</c>), passed on as is.
/// </summary>
internal static class RunSubmission
{
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

            // The host's deploy with a spec change, through the host service the contract gives verticals:
            // the request already passed the host's simulation:write check.
            using var spec = JsonDocument.Parse("{\"run\":" + submitted + "}");
            AppDeployResult deployed;
            try
            {
                deployed = await context.RequestServices.GetRequiredService<IAppControl>().DeploySpecAsync(app, spec.RootElement, context.RequestAborted).ConfigureAwait(false);
            }
            catch (AppControlException ex)
            {
                // The host's refusal (invalid run, unknown app, failed build) is the answer, as the control API gives it.
                await ApiResponses.HostRefusedAsync(context, ex).ConfigureAwait(false);
                return;
            }

            var run = RunDocument.RunId(deployed.Revision);
            var location = $"{context.Request.PathBase}/v/simulation/{app}/runs/{run}";
            if (!deployed.Unchanged)
            {
                context.Response.Headers.Location = location;
            }

            await ApiResponses.JsonAsync(context, new SubmittedRun(run, deployed.Revision, deployed.Unchanged, location, location + "/progress"),
                SimulationJsonContext.Default.SubmittedRun, deployed.Unchanged ? StatusCodes.Status200OK : StatusCodes.Status201Created).ConfigureAwait(false);
        }
    }
}
