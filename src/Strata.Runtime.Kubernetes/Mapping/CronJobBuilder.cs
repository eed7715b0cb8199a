using System.Globalization;
using Cronos;
using k8s.Models;
using Strata.Core;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>
/// Scheduled request → CronJob whose pod calls the service's cluster DNS name with curl (the image is
/// <see cref="KubernetesMappingOptions.ScheduleCallerImage"/>). Like the Local runtime: UTC, no overlap
/// (<c>Forbid</c>), no retry, an occurrence more than 30 s late is missed, a non-2xx answer fails the Job.
/// </summary>
internal static class CronJobBuilder
{
    /// <summary>The header naming the schedule to the service, as on Local.</summary>
    public const string ScheduleHeader = "X-Strata-Schedule";

    // The macros Kubernetes reads (robfig/cron); Cronos has more, with seconds, which a CronJob cannot do.
    private static readonly HashSet<string> Macros = new(StringComparer.OrdinalIgnoreCase) { "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly" };

    public static V1CronJob Build(MappingContext context, ScheduledRequest schedule, int index)
    {
        var path = $"schedules[{index}]";
        if (context.Set.Services.Any(s => s.Name == schedule.Name))
        {
            // Its pods are labelled with the schedule's name as component: the service's selector would take them.
            throw new StrataException(
                $"Schedule '{schedule.Name}' of app '{context.App}' has the name of one of its services; give the schedule another name.",
                $"{path}.name");
        }

        if (!context.Set.Services.Any(s => s.Name == schedule.Service && s.Ports.Any(p => p.Name == schedule.Port)))
        {
            throw new StrataException(
                $"Schedule '{schedule.Name}' of app '{context.App}' calls port '{schedule.Port}' of service '{schedule.Service}', which the workload set does not have.",
                $"{path}.service");
        }

        var labels = context.Labels(schedule.Name);
        var timeout = schedule.TimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        List<string> args = ["--silent", "--show-error", "--fail", "--max-time", timeout, "--request", schedule.Method];
        foreach (var header in schedule.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            args.AddRange(["--header", $"{header.Key}: {header.Value}"]);
        }

        args.AddRange(["--header", $"{ScheduleHeader}: {schedule.Name}", new Uri(PodSpecs.ServiceUri(context, schedule.Service, schedule.Port), schedule.Path).ToString()]);
        return new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = V1CronJob.KubeKind,
            Metadata = context.Metadata(schedule.Name),
            Spec = new V1CronJobSpec
            {
                Schedule = ToKubernetes(schedule.Schedule, context.App, schedule.Name, $"{path}.schedule"),
                TimeZone = "Etc/UTC",
                ConcurrencyPolicy = "Forbid",
                StartingDeadlineSeconds = 30,
                SuccessfulJobsHistoryLimit = 1,
                FailedJobsHistoryLimit = 3,
                // Labels, but no ownership mark: the Jobs it spawns are the CronJob's, not objects a deploy prunes.
                JobTemplate = new V1JobTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1JobSpec
                    {
                        BackoffLimit = 0,
                        ActiveDeadlineSeconds = schedule.TimeoutSeconds + 60,
                        Template = new V1PodTemplateSpec
                        {
                            Metadata = new V1ObjectMeta { Labels = context.Labels(schedule.Name) },
                            Spec = new V1PodSpec
                            {
                                RestartPolicy = "Never",
                                Containers =
                                [
                                    new V1Container
                                    {
                                        Name = "call",
                                        Image = context.Options.ScheduleCallerImage,
                                        Command = ["curl"],
                                        Args = args,
                                        Resources = PodSpecs.Resources(CallerResources),
                                    },
                                ],
                            },
                        },
                    },
                },
            },
        };
    }

    // curl needs little; explicit so that a namespace quota on limits admits the pod.
    private static readonly ResourceRequirements CallerResources = new() { Cpu = "10m", Memory = "16Mi", MemoryLimit = "64Mi" };

    /// <summary>The expression as a CronJob takes it: five fields or a Kubernetes macro; anything else is refused saying why.</summary>
    public static string ToKubernetes(string expression, string app, string schedule, string path)
    {
        var text = expression.Trim();
        if (text.Equals("@every_minute", StringComparison.OrdinalIgnoreCase))
        {
            return "* * * * *";
        }

        if (text.StartsWith('@'))
        {
            return Macros.Contains(text)
                ? text.ToLowerInvariant()
                : throw Refused($"'{expression}' is not a schedule a CronJob takes: expected five fields or one of {string.Join(", ", Macros.Order(StringComparer.Ordinal))}");
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 6)
        {
            throw Refused($"'{expression}' has a seconds field; a CronJob fires at most once a minute, so use five fields (minute hour day-of-month month day-of-week) on Kubernetes");
        }

        if (fields.Length != 5)
        {
            throw Refused($"'{expression}' is not a cron expression: expected five fields (minute hour day-of-month month day-of-week)");
        }

        // Cronos reads L, W and # too; Kubernetes does not.
        if (fields[2].Any(c => c is 'L' or 'l' or 'W' or 'w') || fields[4].Any(c => c is '#' or 'L' or 'l'))
        {
            throw Refused($"'{expression}' uses L, W or #, which a CronJob does not take");
        }

        try
        {
            CronExpression.Parse(text, CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw Refused($"'{expression}' is not a valid cron expression: {ex.Message}");
        }

        return string.Join(' ', fields);

        StrataException Refused(string reason) => new($"Schedule '{schedule}' of app '{app}': {reason}.", path);
    }
}
