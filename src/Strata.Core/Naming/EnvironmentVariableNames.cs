namespace Strata.Core.Naming;

/// <summary>Rules for environment variable names, shared by the manifest and the mapping checks.</summary>
internal static class EnvironmentVariableNames
{
    /// <summary>True for <c>[A-Za-z_][A-Za-z0-9_]*</c>: a name every shell and runtime accepts.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sentence that explains an invalid name.</summary>
    public static string Explain(string? name) =>
        $"'{name}' is not a valid environment variable name: use letters, digits and '_', not starting with a digit (e.g. 'MY_SETTING')";
}
