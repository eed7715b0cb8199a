using Strata.Workloads;

namespace Company.Verticals.Sample;

/// <summary>Maps an app revision onto workloads: pure, no I/O, the same revision gives the same set.</summary>
internal static class SampleMapping
{
    public const string ServiceName = "web";

    public static WorkloadSet Map(AppRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
#if (jobs)
        var spec = SampleSpec.Parse(revision.Manifest.Spec);
#endif
        return new WorkloadSet
        {
            Services =
            [
                new ServiceWorkload
                {
                    Name = ServiceName,
                    Artifact = revision.DefaultArtifact,
                    Readiness = new HttpProbe("/") { PeriodSeconds = 1 },
                },
            ],
            Routes = [new Route { Name = ServiceName, Service = ServiceName, PathPrefix = "/" }],
#if (jobs)
            Jobs = spec.Prepare.Count == 0
                ? []
                : [new JobWorkload { Name = "prepare", Artifact = revision.DefaultArtifact with { Command = spec.Prepare } }],
#endif
        };
    }
}
