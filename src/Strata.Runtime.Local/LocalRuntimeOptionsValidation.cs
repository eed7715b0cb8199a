using System.Net;

namespace Strata.Runtime.Local;

/// <summary>Checks <see cref="LocalRuntimeOptions"/>, reporting every problem at once.</summary>
internal static class LocalRuntimeOptionsValidation
{
    /// <summary>Each problem with the options, saying how to fix it; empty when they are fine.</summary>
    public static IReadOnlyList<string> Problems(LocalRuntimeOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            problems.Add("DataDirectory is empty; set it to a folder the runtime may write logs and pid files to.");
        }

        if (!IPAddress.TryParse(options.Host, out _))
        {
            problems.Add($"Host '{options.Host}' is not an IP address; use a loopback address such as 127.0.0.1.");
        }

        if (options.ReadyTimeout <= TimeSpan.Zero)
        {
            problems.Add("ReadyTimeout must be positive.");
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            problems.Add("DrainTimeout must not be negative.");
        }

        if (options.DeregistrationTimeout < TimeSpan.Zero)
        {
            problems.Add("DeregistrationTimeout must not be negative.");
        }

        if (options.LogLinesPerApp < 1)
        {
            problems.Add("LogLinesPerApp must be at least 1.");
        }

        if (options.JobRetryDelay < TimeSpan.Zero)
        {
            problems.Add("JobRetryDelay must not be negative.");
        }

        if (options.AutoscaleInterval <= TimeSpan.Zero)
        {
            problems.Add("AutoscaleInterval must be positive.");
        }

        if (options.ScaleDownDelay < TimeSpan.Zero)
        {
            problems.Add("ScaleDownDelay must not be negative.");
        }

        if (options.MaxLogFileBytes < 1024)
        {
            problems.Add("MaxLogFileBytes must be at least 1024.");
        }

        if (options.MaxLogFiles < 1)
        {
            problems.Add("MaxLogFiles must be at least 1 (the current file).");
        }

        return problems;
    }
}
