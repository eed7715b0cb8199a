using Strata.Core.Runtime;

namespace Strata.Runtime.Local.Logs;

/// <summary>A log line with the workload that wrote it, so reads can filter by service.</summary>
internal sealed record AppLogLine(string Workload, LogEntry Entry);
