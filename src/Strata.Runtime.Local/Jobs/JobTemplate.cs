using Strata.Core.Runtime;
using Strata.Runtime.Local.Replicas;
using Strata.Workloads;

namespace Strata.Runtime.Local.Jobs;

/// <summary>Everything needed to start the tasks of one job of one revision.</summary>
/// <param name="App">The app.</param>
/// <param name="Revision">The revision number.</param>
/// <param name="Job">The job workload.</param>
/// <param name="Launch">The program, arguments and working directory.</param>
/// <param name="Environment">The environment every task gets, before its index is added.</param>
internal sealed record JobTemplate(AppRef App, int Revision, JobWorkload Job, LaunchCommand Launch, IReadOnlyDictionary<string, string> Environment);
