using System.Net;
using System.Text.Json;
using k8s.Autorest;
using Strata.Core;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// Turns an API error into one readable <see cref="StrataException"/> that names the object, the
/// verb and, when the API's Status body says, the offending fields.
/// </summary>
internal static class ApiErrors
{
    public static StrataException From(HttpOperationException error, string verb, KubernetesResource resource, string? @namespace, string? name)
    {
        var status = ApiStatus.Parse(error.Response?.Content);
        var code = error.Response?.StatusCode;
        var target = name is null
            ? $"{resource.Kind} objects{(@namespace is null ? "" : $" in namespace {@namespace}")}"
            : new KubernetesObjectRef(resource.Kind, resource.Namespaced ? @namespace : null, name).ToString();
        var message = status.Message ?? error.Message;
        var fields = status.Causes.Count == 0
            ? ""
            : "; fields: " + string.Join(", ", status.Causes.Select(c => c.Field is null ? c.Message : $"{c.Field} ({c.Message})"));
        var path = status.Causes.FirstOrDefault(c => c.Field is not null)?.Field;

        var text = code switch
        {
            HttpStatusCode.Conflict =>
                $"Kubernetes refused to {verb} {target}: conflict: {message}{fields}. " +
                "Another field manager owns these fields or the object changed meanwhile; remove the other manager's fields or deploy again.",
            HttpStatusCode.UnprocessableEntity =>
                $"Kubernetes refused {target} as invalid: {message}{fields}. Fix these fields in the app's manifest, mapping or raw manifests.",
            HttpStatusCode.Forbidden =>
                $"Strata may not {verb} {resource.QualifiedPlural}{(@namespace is null ? "" : $" in namespace {@namespace}")} ({target}): {message}. " +
                $"Grant the identity Strata runs as the '{verb}' verb on resource '{resource.Plural}' in API group '{(resource.Group.Length == 0 ? "core" : resource.Group)}'.",
            HttpStatusCode.Unauthorized =>
                $"The Kubernetes API refused Strata's credentials while trying to {verb} {target}: {message}. Check the kubeconfig's user or the service account token.",
            _ =>
                $"Kubernetes failed to {verb} {target}: HTTP {(int?)code} {status.Reason ?? code?.ToString()}: {message}{fields}",
        };
        return new StrataException(text, path, error);
    }

    public static StrataException Unreachable(HttpRequestException error, Uri? baseUri, string verb, string target) =>
        new($"Cannot reach the Kubernetes API at {baseUri} to {verb} {target}: {error.Message}. Check that the cluster is up and the kubeconfig points at it.", null, error);

    private sealed record ApiStatus(string? Message, string? Reason, IReadOnlyList<ApiCause> Causes)
    {
        public static ApiStatus Parse(string? body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return new ApiStatus(null, null, []);
            }

            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return new ApiStatus(body.Trim(), null, []);
                }

                var causes = new List<ApiCause>();
                if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                    && details.TryGetProperty("causes", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var cause in list.EnumerateArray())
                    {
                        // The API writes fields with a leading dot for SSA conflicts (".spec.replicas").
                        var field = Text(cause, "field")?.TrimStart('.');
                        causes.Add(new ApiCause(string.IsNullOrEmpty(field) ? null : field, Text(cause, "message") ?? Text(cause, "reason") ?? ""));
                    }
                }

                return new ApiStatus(Text(root, "message"), Text(root, "reason"), causes);
            }
            catch (JsonException)
            {
                return new ApiStatus(body.Trim(), null, []);
            }
        }

        private static string? Text(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private sealed record ApiCause(string? Field, string Message);
}
