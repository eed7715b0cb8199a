using Microsoft.Extensions.Options;
using Strata.Server.Gateway.ProcessMode;
using Yarp.ReverseProxy.LoadBalancing;

namespace Strata.Server.Gateway;

/// <summary>Checks <see cref="GatewayOptions"/> at start and reports every problem at once, each with the fix.</summary>
internal sealed class GatewayOptionsValidation : IValidateOptions<GatewayOptions>
{
    /// <summary>The load-balancing policies the gateway accepts: YARP's that spread load (not FirstAlphabetical).</summary>
    public static IReadOnlyList<string> LoadBalancingPolicies { get; } =
    [
        Yarp.ReverseProxy.LoadBalancing.LoadBalancingPolicies.LeastRequests,
        Yarp.ReverseProxy.LoadBalancing.LoadBalancingPolicies.RoundRobin,
        Yarp.ReverseProxy.LoadBalancing.LoadBalancingPolicies.PowerOfTwoChoices,
        Yarp.ReverseProxy.LoadBalancing.LoadBalancingPolicies.Random,
    ];

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var problems = new List<string>();
        if (!LoadBalancingPolicies.Contains(options.LoadBalancing, StringComparer.Ordinal))
        {
            problems.Add($"{GatewayOptions.Section}:LoadBalancing is '{options.LoadBalancing}'; use one of {string.Join(", ", LoadBalancingPolicies)}.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            problems.Add($"{GatewayOptions.Section}:MaxAttempts is {options.MaxAttempts}; use 1 (no retry) to 10.");
        }

        if (options.ReactivationPeriod <= TimeSpan.Zero)
        {
            problems.Add($"{GatewayOptions.Section}:ReactivationPeriod must be positive, e.g. 00:00:05.");
        }

        if (options.ActivationTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{GatewayOptions.Section}:ActivationTimeout must be positive, e.g. 00:01:00.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            problems.Add($"{GatewayOptions.Section}:Mode is '{options.Mode}'; use InProcess or Process.");
        }
        else if (options.Mode == GatewayMode.Process && GatewayProcessCommand.Program(options) is var program && !File.Exists(program))
        {
            problems.Add($"{GatewayOptions.Section}:Mode is Process, but the gateway program '{program}' does not exist; build src/Strata.Gateway beside the host, or set {GatewayOptions.Section}:ProcessPath to its Strata.Gateway.dll.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
