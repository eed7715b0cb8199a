using k8s.Models;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>Job workload → Job in Indexed completion mode (each task reads <c>JOB_COMPLETION_INDEX</c>).</summary>
internal static class JobBuilder
{
    /// <summary>The env key naming the job to its tasks, as on Local.</summary>
    public const string JobKey = "STRATA_JOB";

    public static V1Job Build(MappingContext context, JobWorkload job) => new()
    {
        ApiVersion = "batch/v1",
        Kind = V1Job.KubeKind,
        // A Job's pod template is immutable, so each revision gets its own Job (named with the revision)
        // instead of an update the API server would refuse; prune removes the earlier revision's Job.
        Metadata = context.NamedMetadata(KubernetesMapper.JobName(context.App, job.Name, context.Revision.Number), job.Name),
        Spec = new V1JobSpec
        {
            CompletionMode = "Indexed",
            Parallelism = job.Parallelism,
            Completions = job.Completions,
            BackoffLimit = job.BackoffLimit,
            ActiveDeadlineSeconds = job.ActiveDeadlineSeconds,
            // No selector: Kubernetes generates a unique one per Job, which is what it recommends.
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta
                {
                    Labels = context.Labels(job.Name),
                    Annotations = context.OwnerAnnotations(),
                },
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers =
                    [
                        new V1Container
                        {
                            Name = job.Name,
                            Image = ContainerImage.For(job.Artifact, job.Name, context.App),
                            Command = PodSpecs.Command(job.Artifact),
                            Args = PodSpecs.NullIfEmpty(job.Args),
                            Env = PodSpecs.Env(context, port: null, job.Env, new Dictionary<string, string>(VolumeBuilder.Environment(job.Volumes)) { [JobKey] = job.Name }),
                            EnvFrom = PodSpecs.EnvFrom(context, job.EnvFrom, job.Name),
                            Resources = PodSpecs.Resources(job.Resources),
                            VolumeMounts = VolumeBuilder.Mounts(job.Volumes),
                        },
                    ],
                    Volumes = VolumeBuilder.PodVolumes(context, job.Volumes, job.Name),
                },
            },
        },
    };
}
