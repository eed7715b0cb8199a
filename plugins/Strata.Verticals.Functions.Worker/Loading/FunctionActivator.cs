using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Strata.Verticals.Functions.Worker.Loading;

/// <summary>
/// Binds a handler class to a compiled delegate <c>ctx =&gt; new Handler(args…).HandleAsync(ctx)</c>:
/// reflection runs once per load, never per call. Like the generated host before it, every
/// invocation gets a new handler instance; its constructor arguments are resolved once.
/// </summary>
/// <remarks>
/// Constructor arguments are built here rather than by the worker's service provider on purpose:
/// the container caches what it resolves by type, and an <c>ILogger&lt;Handler&gt;</c> cached there
/// would keep the function's load context alive for ever. Services of the shared framework that do
/// not mention a function type are safe to take from the worker's provider.
/// </remarks>
internal static class FunctionActivator
{
    /// <summary>The method a handler class must have.</summary>
    public const string MethodName = "HandleAsync";

    private const string Expected = "public Task<IResult> HandleAsync(HttpContext context)";

    /// <summary>Creates the invoker of <paramref name="handlerType"/>.</summary>
    /// <exception cref="FunctionLoadException">The class does not have the shape of a handler, or a constructor parameter cannot be supplied.</exception>
    public static Func<HttpContext, Task<IResult>> CreateInvoker(Type handlerType, ILoggerFactory loggers, IConfiguration configuration, IServiceProvider services)
    {
        var name = handlerType.FullName;
        if (!handlerType.IsClass || handlerType.IsAbstract || handlerType.IsGenericTypeDefinition || !handlerType.IsVisible)
        {
            throw new FunctionLoadException($"Handler '{name}' must be a public, non-abstract, non-generic class.");
        }

        var method = handlerType.GetMethod(MethodName, BindingFlags.Public | BindingFlags.Instance, [typeof(HttpContext)]);
        if (method is null || method.ReturnType != typeof(Task<IResult>))
        {
            throw new FunctionLoadException(method is null
                ? $"Handler '{name}' has no method {Expected}."
                : $"Handler '{name}': {MethodName} returns {method.ReturnType}; it must be {Expected}.");
        }

        var constructors = handlerType.GetConstructors();
        if (constructors.Length != 1)
        {
            throw new FunctionLoadException($"Handler '{name}' must have exactly one public constructor, not {constructors.Length}.");
        }

        var constructor = constructors[0];
        var arguments = constructor.GetParameters()
            .Select(p => (Expression)Expression.Constant(Resolve(p, handlerType, loggers, configuration, services), p.ParameterType))
            .ToArray();
        var context = Expression.Parameter(typeof(HttpContext), "context");
        var call = Expression.Call(Expression.New(constructor, arguments), method, context);
        return Expression.Lambda<Func<HttpContext, Task<IResult>>>(call, context).Compile();
    }

    private static object? Resolve(ParameterInfo parameter, Type handlerType, ILoggerFactory loggers, IConfiguration configuration, IServiceProvider services)
    {
        var type = parameter.ParameterType;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ILogger<>))
        {
            return Activator.CreateInstance(typeof(Logger<>).MakeGenericType(type.GenericTypeArguments[0]), loggers);
        }

        if (type == typeof(ILogger))
        {
            return loggers.CreateLogger(handlerType.FullName!);
        }

        if (type == typeof(IConfiguration))
        {
            return configuration;
        }

        if (type == typeof(ILoggerFactory))
        {
            return loggers;
        }

        if (!MentionsCollectibleType(type) && services.GetService(type) is { } service)
        {
            return service;
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        throw new FunctionLoadException(
            $"Handler '{handlerType.FullName}': constructor parameter '{parameter.Name}' of type {type} cannot be supplied. " +
            "A handler can take ILogger<T>, ILogger, ILoggerFactory, IConfiguration and services of the ASP.NET Core shared framework.");
    }

    private static bool MentionsCollectibleType(Type type)
        => type.Assembly.IsCollectible || (type.IsGenericType && type.GenericTypeArguments.Any(MentionsCollectibleType));
}
