namespace Strata.Core.Building;

/// <summary>Rules for build step names, which also name the step's work folder and cache record.</summary>
internal static class BuildStepNames
{
    /// <summary>Why <paramref name="name"/> cannot name a step, or null when it can.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a step has an empty name; give every step a name such as 'compile'.";
        }

        // The name becomes a folder and a file name under the work root, so it must not navigate.
        return name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"step name '{name}' is not allowed; use letters, digits, '-', '_' and '.' only."
            : null;
    }
}
