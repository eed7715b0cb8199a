using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// The properties of a type as KubernetesClient's YAML serializer writes them: public readable instance
/// properties in reflection order, named by their <c>[JsonPropertyName]</c> on the generated models
/// (the serializer's attribute overrides, which also put apiVersion, kind and metadata first) and
/// camel-cased elsewhere. Built once per type, with compiled
/// getters, so a render reads values without reflection.
/// </summary>
internal sealed class YamlTypeShape
{
    private static readonly ConcurrentDictionary<Type, YamlTypeShape> Shapes = new();
    private static readonly string ModelNamespace = typeof(V1ObjectMeta).Namespace!;
    private static readonly string[] Leading = ["ApiVersion", "Kind", "Metadata"];

    private YamlTypeShape(YamlNodeKind kind, string[] keys, Func<object, object?>[] getters)
    {
        Kind = kind;
        Keys = keys;
        Getters = getters;
    }

    /// <summary>How the serializer writes a value of the type.</summary>
    public YamlNodeKind Kind { get; }

    /// <summary>Each property's key, in order.</summary>
    public string[] Keys { get; }

    /// <summary>Each property's getter, in the order of <see cref="Keys"/>.</summary>
    public Func<object, object?>[] Getters { get; }

    public static YamlTypeShape Of(Type type) => Shapes.GetOrAdd(type, Build);

    private static YamlTypeShape Build(Type type)
    {
        var dictionary = typeof(IDictionary).IsAssignableFrom(type);
        var genericDictionary = type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
        var kind = (dictionary, genericDictionary, typeof(IEnumerable).IsAssignableFrom(type)) switch
        {
            (true, _, _) => YamlNodeKind.Map,
            (false, true, _) => YamlNodeKind.Unsupported,
            (false, false, true) => YamlNodeKind.List,
            _ => YamlNodeKind.Object,
        };
        if (kind != YamlNodeKind.Object)
        {
            return new YamlTypeShape(kind, [], []);
        }

        var overridden = type.Namespace == ModelNamespace && type.IsPublic && !type.IsAbstract && !type.IsInterface;
        var keys = new List<string>();
        var getters = new List<Func<object, object?>>();
        var properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public).AsEnumerable();
        if (overridden)
        {
            // The client's attribute overrides give apiVersion, kind and metadata the first places, in that
            // order, on every model (a RoleRef's kind comes before its apiGroup); OrderBy is stable.
            properties = properties.OrderBy(p => Array.IndexOf(Leading, p.Name) is var at and >= 0 ? at : Leading.Length);
        }

        foreach (var property in properties)
        {
            if (!property.CanRead || property.GetGetMethod(true) is not { } getter || getter.GetParameters().Length > 0
                || property.IsDefined(typeof(YamlIgnoreAttribute), true))
            {
                continue;
            }

            var json = overridden ? property.GetCustomAttribute<JsonPropertyNameAttribute>() : null;
            keys.Add(json?.Name ?? CamelCaseNamingConvention.Instance.Apply(property.Name));
            var instance = Expression.Parameter(typeof(object));
            var read = Expression.Convert(Expression.Property(Expression.Convert(instance, type), property), typeof(object));
            getters.Add(Expression.Lambda<Func<object, object?>>(read, instance).Compile());
        }

        return new YamlTypeShape(kind, [.. keys], [.. getters]);
    }
}
