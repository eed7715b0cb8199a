using k8s;
using k8s.Models;
using Strata.Core;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>Routes → Ingress, or Gateway API HTTPRoute when the options ask for it.</summary>
internal static class RouteBuilder
{
    public static IKubernetesObject Build(MappingContext context, Route route)
    {
        var port = TargetPort(context, route);
        var host = route.Host ?? (string.IsNullOrEmpty(context.Options.HostSuffix)
            ? null
            : $"{context.App}.{context.Vertical}.{context.Options.HostSuffix}");
        return context.Options.UseGatewayApi ? HttpRoute(context, route, host, port) : Ingress(context, route, host);
    }

    // Ingress has no portable way to strip the prefix (each controller has its own annotation), so a
    // route with a prefix other than '/' reaches the service with the prefix on; HTTPRoute strips it.
    private static V1Ingress Ingress(MappingContext context, Route route, string? host) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = V1Ingress.KubeKind,
        Metadata = context.Metadata(route.Name, route.Service),
        Spec = new V1IngressSpec
        {
            IngressClassName = context.Options.IngressClassName,
            Rules =
            [
                new V1IngressRule
                {
                    Host = host,
                    Http = new V1HTTPIngressRuleValue
                    {
                        Paths =
                        [
                            new V1HTTPIngressPath
                            {
                                Path = route.PathPrefix,
                                PathType = "Prefix",
                                Backend = new V1IngressBackend
                                {
                                    Service = new V1IngressServiceBackend
                                    {
                                        Name = context.ObjectName(route.Service),
                                        Port = new V1ServiceBackendPort { Name = route.Port },
                                    },
                                },
                            },
                        ],
                    },
                },
            ],
        },
    };

    private static GenericKubernetesObject HttpRoute(MappingContext context, Route route, string? host, ServicePort port)
    {
        if (string.IsNullOrEmpty(context.Options.GatewayName))
        {
            throw new StrataException(
                $"Route '{route.Name}' of app '{context.App}' is to be an HTTPRoute, but no Gateway is configured. Set KubernetesMappingOptions.GatewayName (Strata:Kubernetes:GatewayName), or turn UseGatewayApi off to use an Ingress.",
                "Strata:Kubernetes:GatewayName");
        }

        var parent = new Dictionary<string, object> { ["name"] = context.Options.GatewayName };
        if (!string.IsNullOrEmpty(context.Options.GatewayNamespace))
        {
            parent["namespace"] = context.Options.GatewayNamespace;
        }

        var rule = new Dictionary<string, object>
        {
            ["matches"] = new List<object> { new Dictionary<string, object> { ["path"] = new Dictionary<string, object> { ["type"] = "PathPrefix", ["value"] = route.PathPrefix } } },
        };
        if (route.PathPrefix != "/")
        {
            // As the local gateway does: the service sees paths relative to its prefix.
            rule["filters"] = new List<object>
            {
                new Dictionary<string, object>
                {
                    ["type"] = "URLRewrite",
                    ["urlRewrite"] = new Dictionary<string, object> { ["path"] = new Dictionary<string, object> { ["type"] = "ReplacePrefixMatch", ["replacePrefixMatch"] = "/" } },
                },
            };
        }

        // backendRefs take a port number, not a name.
        rule["backendRefs"] = new List<object> { new Dictionary<string, object> { ["name"] = context.ObjectName(route.Service), ["port"] = port.Port } };

        var spec = new Dictionary<string, object> { ["parentRefs"] = new List<object> { parent } };
        if (host is not null)
        {
            spec["hostnames"] = new List<object> { host };
        }

        spec["rules"] = new List<object> { rule };
        return new GenericKubernetesObject
        {
            ApiVersion = "gateway.networking.k8s.io/v1",
            Kind = "HTTPRoute",
            Metadata = context.Metadata(route.Name, route.Service),
            Spec = spec,
        };
    }

    private static ServicePort TargetPort(MappingContext context, Route route)
    {
        var service = context.Set.Services.FirstOrDefault(s => s.Name == route.Service)
            ?? throw new StrataException(
                $"Route '{route.Name}' of app '{context.App}' sends traffic to service '{route.Service}', which the workload set does not have. Name one of: {string.Join(", ", context.Set.Services.Select(s => s.Name))}.",
                $"routes.{route.Name}.service");
        return service.Ports.FirstOrDefault(p => p.Name == route.Port)
            ?? throw new StrataException(
                $"Route '{route.Name}' of app '{context.App}' sends traffic to port '{route.Port}' of service '{route.Service}', which has ports: {string.Join(", ", service.Ports.Select(p => p.Name))}.",
                $"routes.{route.Name}.port");
    }
}
