using Strata.Runtime.Local.Jobs;
using Strata.Runtime.Local.Processes;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Jobs;

public sealed class JobModelTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(5, 16000)]
    [InlineData(6, 30000)]
    [InlineData(40, 30000)]
    public void Retry_delay_doubles_per_failed_attempt_up_to_30s(int failures, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), JobBackoff.Delay(TimeSpan.FromSeconds(1), failures));

    public static TheoryData<JobWorkload, string> BadJobs => new()
    {
        { Job() with { Completions = 0 }, "completions is 0" },
        { Job() with { Parallelism = 0 }, "parallelism is 0" },
        { Job() with { BackoffLimit = -1 }, "backoffLimit is -1" },
        { Job() with { ActiveDeadlineSeconds = 0 }, "activeDeadlineSeconds is 0" },
        { Job() with { Artifact = new Artifact() }, "has no command" },
    };

    [Theory]
    [MemberData(nameof(BadJobs))]
    public void Validation_names_the_job_and_its_problem(JobWorkload job, string expected)
    {
        var problem = JobValidation.Problem(new WorkloadSet { Jobs = [job] });
        Assert.StartsWith("Job 'work': ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_refuses_duplicate_names_and_a_job_named_like_a_service()
    {
        Assert.Null(JobValidation.Problem(new WorkloadSet { Jobs = [Job()] }));
        Assert.Contains("more than once", JobValidation.Problem(new WorkloadSet { Jobs = [Job(), Job()] }), StringComparison.Ordinal);
        var clash = new WorkloadSet { Jobs = [Job()], Services = [new ServiceWorkload { Name = "work", Artifact = Job().Artifact }] };
        Assert.Contains("name of a service", JobValidation.Problem(clash), StringComparison.Ordinal);
    }

    [Fact]
    public void Stat_lines_give_parent_and_start_time_even_with_odd_command_names()
    {
        var stat = "4242 (sh ) x) S 17 4242 17 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 987654 1000 100";
        Assert.Equal((17, 987654L), ProcessTree.Parse(stat));
        Assert.Null(ProcessTree.Parse("garbage"));
    }

    private static JobWorkload Job() => new()
    {
        Name = "work",
        Artifact = new Artifact { Command = ["/bin/sh", "-c", "exit 0"] },
    };
}
