using Strata.Workloads;

namespace Strata.Runtime.Local.Replicas;

/// <summary>How to start a process of a service: program, arguments, working directory.</summary>
internal sealed record LaunchCommand(string Program, IReadOnlyList<string> Arguments, string? WorkingDirectory)
{
    /// <summary>
    /// <c>Command[0]</c> is the program: a file of that name in the artifact folder when there is one
    /// (<c>./server</c>), otherwise a name looked up on PATH (<c>dotnet</c>); the rest of the command and
    /// the service's arguments follow. Null when the artifact has no command.
    /// </summary>
    public static LaunchCommand? From(Artifact artifact, IReadOnlyList<string> args)
    {
        if (artifact.Command.Count == 0 || string.IsNullOrWhiteSpace(artifact.Command[0]))
        {
            return null;
        }

        var program = artifact.Command[0];
        var directory = string.IsNullOrEmpty(artifact.Directory) ? null : Path.GetFullPath(artifact.Directory);
        if (directory is not null && !Path.IsPathRooted(program) && File.Exists(Path.Combine(directory, program)))
        {
            program = Path.Combine(directory, program);
        }

        return new LaunchCommand(program, [.. artifact.Command.Skip(1), .. args], directory);
    }
}
