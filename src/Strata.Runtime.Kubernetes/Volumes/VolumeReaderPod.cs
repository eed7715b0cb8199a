using k8s.Models;
using Strata.Core.Naming;

namespace Strata.Runtime.Kubernetes.Volumes;

/// <summary>
/// The pod that lets the host read an app's volume claim: one small container that sleeps with the claim
/// mounted read-only at <see cref="MountPath"/>, so the host can <c>exec</c> <c>tar</c> in it through the API
/// server. Pure: the same inputs give the same object (snapshot-tested and schema-validated).
/// </summary>
internal static class VolumeReaderPod
{
    /// <summary>The label that marks a reader pod; its value is the volume it reads.</summary>
    public const string ReaderLabel = "strata.dev/volume-reader";

    /// <summary>The container's name, for exec.</summary>
    public const string Container = "reader";

    /// <summary>Where the claim is mounted in the reader.</summary>
    public const string MountPath = "/data";

    /// <summary>The pod's name: <c>&lt;app&gt;-&lt;volume&gt;-reader</c>, as a DNS label.</summary>
    public static string Name(string app, string volume) => StrataNames.ObjectName(app, volume + "-reader");

    /// <summary>The claim the mapping makes for <paramref name="volume"/>: <c>&lt;app&gt;-&lt;volume&gt;</c>.</summary>
    public static string ClaimName(string app, string volume) => StrataNames.ObjectName(app, volume);

    /// <summary>The selector of every reader pod of an app.</summary>
    public static string Selector(string vertical, string app) =>
        $"{StrataLabels.Name}={StrataLabels.ToLabelValue(app)},{StrataLabels.Vertical}={StrataLabels.ToLabelValue(vertical)},{ReaderLabel}";

    public static V1Pod Build(string vertical, string app, string volume, string @namespace, string image)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { [ReaderLabel] = StrataLabels.ToLabelValue(volume) };
        foreach (var (key, value) in StrataLabels.For(vertical, app, volume + "-reader", revision: null))
        {
            labels[key] = value;
        }

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = V1Pod.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = Name(app, volume),
                NamespaceProperty = @namespace,
                Labels = labels,
                Annotations = new Dictionary<string, string> { [StrataAnnotations.OwnedBy] = StrataAnnotations.OwnerOf(vertical, app) },
            },
            Spec = new V1PodSpec
            {
                // Not a workload of the app: no service account token, no service links, stopped quickly.
                AutomountServiceAccountToken = false,
                EnableServiceLinks = false,
                RestartPolicy = "Always",
                TerminationGracePeriodSeconds = 5,
                Containers =
                [
                    new V1Container
                    {
                        Name = Container,
                        Image = image,
                        // A shell as PID 1 ignores SIGTERM unless it traps it; sleeping in the background keeps the trap answering.
                        Command = ["sh", "-c", "trap 'exit 0' TERM INT; while true; do sleep 3600 & wait $!; done"],
                        Resources = new V1ResourceRequirements
                        {
                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") },
                            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") },
                        },
                        SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, ReadOnlyRootFilesystem = true },
                        VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = MountPath, ReadOnlyProperty = true }],
                    },
                ],
                Volumes =
                [
                    new V1Volume
                    {
                        Name = "data",
                        PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(app, volume), ReadOnlyProperty = true },
                    },
                ],
            },
        };
    }
}
