using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Local;

/// <summary>What every part of one runtime shares: settings, clock, logger, probe client and paths.</summary>
internal sealed record LocalRuntimeContext(
    LocalRuntimeOptions Options,
    TimeProvider Time,
    ILogger Logger,
    HttpClient ProbeClient,
    LocalPaths Paths);
