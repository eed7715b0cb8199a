using k8s;
using k8s.Exceptions;
using Strata.Core;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>Finds the cluster to talk to, the way kubectl does, and connects a client to it.</summary>
public static class KubernetesClusters
{
    /// <summary>
    /// A client for the cluster of <paramref name="kubeconfigPath"/>; without one, of the first that
    /// exists of: the first <c>KUBECONFIG</c> file, <c>~/.kube/config</c>, the pod's service account when
    /// running inside a cluster. The caller disposes the client.
    /// </summary>
    /// <param name="kubeconfigPath">A kubeconfig file to use instead of the standard places.</param>
    /// <param name="context">The kubeconfig context; its current context when null.</param>
    /// <exception cref="StrataException">No cluster is configured, or the kubeconfig cannot be read.</exception>
    public static IKubernetes Connect(string? kubeconfigPath = null, string? context = null) =>
        new k8s.Kubernetes(Configure(
            kubeconfigPath, context, Environment.GetEnvironmentVariable,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), KubernetesClientConfiguration.IsInCluster));

    /// <summary>The configuration <see cref="Connect"/> uses, with the environment passed in (for tests).</summary>
    internal static KubernetesClientConfiguration Configure(
        string? kubeconfigPath, string? context, Func<string, string?> environment, string? home, Func<bool> isInCluster)
    {
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            if (!File.Exists(kubeconfigPath))
            {
                throw new StrataException($"The kubeconfig file '{kubeconfigPath}' does not exist; pass the path of an existing kubeconfig.", kubeconfigPath);
            }

            return Load(kubeconfigPath, () => KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath, context));
        }

        var fromEnvironment = (environment("KUBECONFIG") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(File.Exists);
        if (fromEnvironment is not null)
        {
            // kubectl merges every file of the list; the first one holds the current context in
            // nearly every set-up, and KubernetesClient does not expose its merge for a chosen context.
            return Load(fromEnvironment, () => KubernetesClientConfiguration.BuildConfigFromConfigFile(fromEnvironment, context));
        }

        var standard = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".kube", "config");
        if (standard is not null && File.Exists(standard))
        {
            return Load(standard, () => KubernetesClientConfiguration.BuildConfigFromConfigFile(standard, context));
        }

        if (isInCluster())
        {
            return Load("the pod's service account", KubernetesClientConfiguration.InClusterConfig);
        }

        throw new StrataException(
            "No Kubernetes cluster configured: set KUBECONFIG to a kubeconfig file, create ~/.kube/config " +
            "(e.g. with 'kind create cluster' or your provider's get-credentials command), pass a kubeconfig path, or run Strata inside a cluster.");
    }

    private static KubernetesClientConfiguration Load(string source, Func<KubernetesClientConfiguration> load)
    {
        try
        {
            return load();
        }
        catch (Exception error) when (error is KubeConfigException or IOException or FormatException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            throw new StrataException($"Cannot read the Kubernetes configuration from {source}: {error.Message}", source, error);
        }
    }
}
