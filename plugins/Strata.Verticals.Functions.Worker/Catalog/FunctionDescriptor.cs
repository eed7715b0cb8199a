using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strata.Verticals.Functions.Worker.Catalog;

/// <summary>
/// What a function revision folder declares in its <c>function.json</c>: which app and revision it is,
/// which assembly to load and which handler class to call, how long an invocation may take, and
/// settings layered over the worker's configuration for this function only.
/// </summary>
internal sealed partial record FunctionDescriptor
{
    /// <summary>The descriptor's file name inside a function folder.</summary>
    public const string FileName = "function.json";

    /// <summary>The timeout when the descriptor names none (the vertical's default).</summary>
    public const int DefaultTimeoutSeconds = 30;

    /// <summary>The longest timeout a descriptor may ask for.</summary>
    public const int MaxTimeoutSeconds = 900;

    /// <summary>The app name: how requests name the function (DNS-safe).</summary>
    public required string App { get; init; }

    /// <summary>The app revision; the highest revision of an app in the folder is the one served.</summary>
    public required int Revision { get; init; }

    /// <summary>The full name of the handler class, e.g. <c>Hello.Function</c>.</summary>
    public required string Handler { get; init; }

    /// <summary>The entry assembly's file name, relative to <see cref="Directory"/>.</summary>
    public required string Assembly { get; init; }

    /// <summary>How long one invocation may take before it is answered with 504.</summary>
    public int TimeoutSeconds { get; init; } = DefaultTimeoutSeconds;

    /// <summary>Configuration keys for this function only, over the worker's own configuration.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The folder the descriptor was read from.</summary>
    public required string Directory { get; init; }

    /// <summary>The full path of the entry assembly.</summary>
    public string AssemblyPath => Path.Combine(Directory, Assembly);

    /// <summary>Reads and validates <c>&lt;folder&gt;/function.json</c>; every problem is reported, each with its field.</summary>
    /// <exception cref="FunctionDescriptorException">The file is missing, not JSON, or has problems.</exception>
    public static FunctionDescriptor Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FunctionDescriptorException(path, [$"cannot be read: {ex.Message}"]);
        }

        return Parse(bytes, folder, path);
    }

    /// <summary>Parses descriptor JSON; <paramref name="source"/> names it in errors.</summary>
    public static FunctionDescriptor Parse(ReadOnlySpan<byte> json, string folder, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FunctionDescriptorException(source, [$"is not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FunctionDescriptorException(source, ["must be a JSON object with app, revision, handler and assembly."]);
            }

            var problems = new List<string>();
            foreach (var property in root.EnumerateObject().Where(p => !KnownKeys.Contains(p.Name)))
            {
                problems.Add($"{property.Name}: unknown key; expected one of {string.Join(", ", KnownKeys)}.");
            }

            var app = String(root, "app", problems, "the app name (lower-case letters, digits and '-')");
            if (app is not null && !AppName().IsMatch(app))
            {
                problems.Add($"app: must be a DNS-safe name (lower-case letters, digits and '-', at most 63), not '{app}'.");
            }

            var handler = String(root, "handler", problems, "the full name of the handler class, e.g. Hello.Function");
            if (handler is not null && !TypeName().IsMatch(handler))
            {
                problems.Add($"handler: must be the full name of a C# class (Namespace.Class), not '{handler}'.");
            }

            var assembly = String(root, "assembly", problems, "the function's assembly file, e.g. Hello.dll");
            if (assembly is not null && (Path.IsPathRooted(assembly) || assembly.Contains("..", StringComparison.Ordinal) || !assembly.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"assembly: must be a .dll file name inside the function folder, not '{assembly}'.");
            }

            var revision = 0;
            if (!root.TryGetProperty("revision", out var rev))
            {
                problems.Add("revision: is required: the app revision number (1 or more).");
            }
            else if (rev.ValueKind != JsonValueKind.Number || !rev.TryGetInt32(out revision) || revision < 1)
            {
                problems.Add($"revision: must be a whole number of 1 or more, not {rev.GetRawText()}.");
            }

            var timeout = DefaultTimeoutSeconds;
            if (root.TryGetProperty("timeoutSeconds", out var t)
                && (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out timeout) || timeout < 1 || timeout > MaxTimeoutSeconds))
            {
                problems.Add($"timeoutSeconds: must be a whole number of seconds from 1 to {MaxTimeoutSeconds}, not {t.GetRawText()}.");
            }

            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("settings", out var s))
            {
                if (s.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"settings: must be an object of string values, not {s.GetRawText()}.");
                }
                else
                {
                    foreach (var setting in s.EnumerateObject())
                    {
                        if (setting.Value.ValueKind != JsonValueKind.String)
                        {
                            problems.Add($"settings.{setting.Name}: must be a string, not {setting.Value.GetRawText()}.");
                        }
                        else
                        {
                            settings[setting.Name] = setting.Value.GetString()!;
                        }
                    }
                }
            }

            if (problems.Count > 0)
            {
                throw new FunctionDescriptorException(source, problems);
            }

            return new FunctionDescriptor
            {
                App = app!,
                Revision = revision,
                Handler = handler!,
                Assembly = assembly!,
                TimeoutSeconds = timeout,
                Settings = settings,
                // A link (a pool's contribution) is followed: a new revision re-points it, and a new
                // directory is what tells the pool to load the function again.
                Directory = Resolved(folder),
            };
        }
    }

    private static string Resolved(string folder)
    {
        var info = new DirectoryInfo(folder);
        return info.Exists && info.LinkTarget is not null ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder : folder;
    }

    private static readonly string[] KnownKeys = ["app", "revision", "handler", "assembly", "timeoutSeconds", "settings"];

    private static string? String(JsonElement root, string name, List<string> problems, string what)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            problems.Add($"{name}: is required: {what}.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            problems.Add($"{name}: must be a non-empty string: {what}; not {value.GetRawText()}.");
            return null;
        }

        return value.GetString();
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex AppName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex TypeName();
}
