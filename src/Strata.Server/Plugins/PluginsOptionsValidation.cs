using Microsoft.Extensions.Options;

namespace Strata.Server.Plugins;

/// <summary>Checks <see cref="PluginsOptions"/> at start and reports every problem at once.</summary>
internal sealed class PluginsOptionsValidation : IValidateOptions<PluginsOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginsOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.Sources.Count; i++)
        {
            if (PluginSources.Normalize(options.Sources[i]) is null)
            {
                problems.Add($"{PluginsOptions.Section}:Sources:{i} is '{options.Sources[i]}'; use an http(s) feed URL or an absolute folder path.");
            }
        }

        if (options.DrainTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{PluginsOptions.Section}:DrainTimeout is {options.DrainTimeout}; use a positive time span such as 00:00:10.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
