namespace Strata.Runtime.Kubernetes.Tests.Support;

/// <summary>Raw manifests and patches as an app folder would hold them (for hello-function).</summary>
internal static class RawSamples
{
    /// <summary>Two raw objects: a PodDisruptionBudget (no model needed) and a ConfigMap the patch below changes.</summary>
    public const string Extra = """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: hello-function-fn
          labels: { team: web }
        spec:
          minAvailable: 1
          selector:
            matchLabels: { app.kubernetes.io/instance: hello-function-fn }
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: hello-function-extra
        data:
          PORT_LIKE: "8080"
          FLAG: "true"
        """;

    /// <summary>Strategic merge patches: a container merged by name, env by name, a removal with null, a raw object changed.</summary>
    public const string StrategicPatch = """
        target: { kind: Deployment, name: hello-function-fn }
        patch:
          spec:
            template:
              spec:
                nodeSelector: { disktype: ssd }
                containers:
                - name: fn
                  env:
                  - name: GREETING
                    value: Hello from a patch
                  - name: EXTRA
                    value: "1"
                  livenessProbe: null
                  resources:
                    limits: { memory: 512Mi }
        ---
        target: { kind: ConfigMap, name: hello-function-extra }
        type: strategic
        patch:
          data: { FLAG: null, ADDED: yes }
        """;

    /// <summary>An RFC 6902 patch on the Ingress.</summary>
    public const string JsonPatch = """
        target: { kind: Ingress, name: hello-function-http }
        type: json
        patch:
        - { op: add, path: /metadata/annotations/nginx.ingress.kubernetes.io~1proxy-body-size, value: 8m }
        - { op: test, path: /spec/rules/0/http/paths/0/path, value: / }
        - { op: replace, path: /spec/rules/0/http/paths/0/pathType, value: ImplementationSpecific }
        """;
}
