using k8s;

namespace Strata.Server.Rendering;

/// <summary>A rendered revision: its objects in apply order and the Secrets whose values were redacted.</summary>
internal sealed record AppRender(int Revision, IReadOnlyList<IKubernetesObject> Objects, IReadOnlyList<string> RedactedSecrets);
