using Microsoft.Extensions.Options;

namespace Strata.Verticals.Functions.Worker;

/// <summary>Reports every problem of the worker's settings at start, each with how to fix it.</summary>
internal sealed class FunctionWorkerOptionsValidator : IValidateOptions<FunctionWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, FunctionWorkerOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            problems.Add($"{FunctionWorkerOptions.Section}:Directory (or env {FunctionWorkerOptions.DirectoryVariable}) is required: the folder with one subfolder per function revision.");
        }
        else if (!System.IO.Directory.Exists(options.Directory))
        {
            problems.Add($"{FunctionWorkerOptions.Section}:Directory: the functions folder '{options.Directory}' does not exist; create it or point the setting at the right folder.");
        }

        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{FunctionWorkerOptions.Section}:IdleTimeout must be positive (e.g. 00:05:00), not {options.IdleTimeout}.");
        }

        if (options.DefaultFunction is { Length: 0 })
        {
            problems.Add($"{FunctionWorkerOptions.Section}:DefaultFunction must be an app name or unset, not empty.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
