using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// Kind-neutral reads, server-side applies, lists and deletes over <see cref="IKubernetes"/>'s custom
/// object operations (which serve the core group at <c>/api/v1</c> too). API errors become
/// <see cref="Strata.Core.StrataException"/>s here, at the client boundary, and nowhere else.
/// </summary>
internal sealed class ClusterClient(IKubernetes kubernetes)
{
    /// <summary>The field manager of every apply: one manager, so Strata's applies never conflict with each other.</summary>
    public const string FieldManager = "strata";

    public IKubernetes Kubernetes => kubernetes;

    /// <summary>The live object, or null when there is none.</summary>
    public Task<JsonElement?> GetAsync(KubernetesResource resource, string? @namespace, string name, CancellationToken cancellationToken) =>
        CallAsync("get", resource, @namespace, name, notFound: (JsonElement?)null, async () =>
        {
            var response = resource.Namespaced
                ? await kubernetes.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync(
                    resource.Group, resource.Version, @namespace!, resource.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await kubernetes.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync(
                    resource.Group, resource.Version, resource.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (JsonElement?)ToElement(response.Body);
        });

    /// <summary>Server-side applies <paramref name="json"/> (JSON is YAML, so <c>application/apply-patch+yaml</c> takes it).</summary>
    public Task<JsonElement?> ApplyAsync(KubernetesResource resource, string? @namespace, string name, string json, bool force, CancellationToken cancellationToken) =>
        CallAsync("patch", resource, @namespace, name, notFound: null, async () =>
        {
            var patch = new V1Patch(json, V1Patch.PatchType.ApplyPatch);
            var response = resource.Namespaced
                ? await kubernetes.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync(
                    patch, resource.Group, resource.Version, @namespace!, resource.Plural, name,
                    fieldManager: FieldManager, force: force, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await kubernetes.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync(
                    patch, resource.Group, resource.Version, resource.Plural, name,
                    fieldManager: FieldManager, force: force, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (JsonElement?)ToElement(response.Body);
        }, notFoundIsError: true);

    /// <summary>
    /// A JSON merge patch of the object, or of its <c>scale</c> subresource: for the few changes that are not the
    /// revision's (replicas, suspending a Job), so a partial object never goes through the apply that owns the rest.
    /// </summary>
    public Task<JsonElement?> MergePatchAsync(KubernetesResource resource, string @namespace, string name, string json, bool scale, CancellationToken cancellationToken) =>
        CallAsync("patch", resource, @namespace, name, notFound: null, async () =>
        {
            var patch = new V1Patch(json, V1Patch.PatchType.MergePatch);
            var response = scale
                ? await kubernetes.CustomObjects.PatchNamespacedCustomObjectScaleWithHttpMessagesAsync(
                    patch, resource.Group, resource.Version, @namespace, resource.Plural, name, fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await kubernetes.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync(
                    patch, resource.Group, resource.Version, @namespace, resource.Plural, name, fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (JsonElement?)ToElement(response.Body);
        }, notFoundIsError: true);

    /// <summary>
    /// The objects of <paramref name="resource"/> in <paramref name="namespace"/> that match the selectors;
    /// empty when the cluster does not serve the kind (e.g. no Gateway API installed).
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(
        KubernetesResource resource, string @namespace, string? labelSelector, string? fieldSelector, CancellationToken cancellationToken)
    {
        var list = await CallAsync("list", resource, @namespace, name: null, notFound: (JsonElement?)null, async () =>
        {
            var response = await kubernetes.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(
                resource.Group, resource.Version, @namespace, resource.Plural,
                labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (JsonElement?)ToElement(response.Body);
        }).ConfigureAwait(false);
        return list is { } body && body.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? [.. items.EnumerateArray().Select(i => i.Clone())]
            : [];
    }

    /// <summary>Deletes the object; one that is already gone counts as deleted.</summary>
    public Task DeleteAsync(KubernetesResource resource, string? @namespace, string name, string propagationPolicy, CancellationToken cancellationToken) =>
        CallAsync("delete", resource, @namespace, name, notFound: (JsonElement?)null, async () =>
        {
            var options = new V1DeleteOptions { PropagationPolicy = propagationPolicy };
            var response = resource.Namespaced
                ? await kubernetes.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(
                    resource.Group, resource.Version, @namespace!, resource.Plural, name, options, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await kubernetes.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync(
                    resource.Group, resource.Version, resource.Plural, name, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (JsonElement?)ToElement(response.Body);
        });

    /// <summary>Runs one API call; 404 gives <paramref name="notFound"/> unless it is an error here, other failures a StrataException.</summary>
    public async Task<T> CallAsync<T>(
        string verb, KubernetesResource resource, string? @namespace, string? name, T notFound, Func<Task<T>> call, bool notFoundIsError = false)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException error) when (error.Response?.StatusCode == HttpStatusCode.NotFound && !notFoundIsError)
        {
            return notFound;
        }
        catch (HttpOperationException error)
        {
            throw ApiErrors.From(error, verb, resource, resource.Namespaced ? @namespace : null, name);
        }
        catch (HttpRequestException error)
        {
            var target = name is null ? resource.QualifiedPlural : new KubernetesObjectRef(resource.Kind, resource.Namespaced ? @namespace : null, name).ToString();
            throw ApiErrors.Unreachable(error, kubernetes.BaseUri, verb, target);
        }
    }

    private static JsonElement ToElement(object? body) => body switch
    {
        JsonElement element => element.Clone(),
        null => default,
        _ => JsonSerializer.SerializeToElement(body, body.GetType()),
    };
}
