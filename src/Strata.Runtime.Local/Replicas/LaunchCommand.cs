using Strata.Runtime.Local.Limits;
using Strata.Workloads;

namespace Strata.Runtime.Local.Replicas;

/// <summary>How to start a process of a service: program, arguments, working directory; or the image it runs in.</summary>
internal sealed record LaunchCommand(string Program, IReadOnlyList<string> Arguments, string? WorkingDirectory)
{
    /// <summary>Set when the replica runs in a container: <see cref="Program"/> is podman and the arguments follow the image.</summary>
    public ContainerLaunch? Container { get; init; }

    /// <summary>
    /// With <paramref name="containers"/>, the artifact's image by digest run through podman (its own
    /// entry point, the service's arguments after it, podman enforcing <paramref name="resources"/>);
    /// without, <see cref="From(Artifact, IReadOnlyList{string})"/>.
    /// Null when the artifact has no image (containers) or no command (processes).
    /// </summary>
    public static LaunchCommand? From(Artifact artifact, IReadOnlyList<string> args, ContainerOptions? containers, string owner = "", ResourceRequirements? resources = null)
    {
        if (containers is null)
        {
            return From(artifact, args);
        }

        if (string.IsNullOrEmpty(artifact.Image) || string.IsNullOrEmpty(artifact.ImageDigest))
        {
            return null;
        }

        // registry/repo:tag → registry/repo@sha256:…, so the replica runs exactly what was built.
        var image = artifact.Image;
        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        var repository = colon > lastSlash ? image[..colon] : image;
        var at = repository.IndexOf('@', StringComparison.Ordinal);
        repository = at >= 0 ? repository[..at] : repository;
        return new LaunchCommand(containers.Podman, args, null) {
            Container = new ContainerLaunch($"{repository}@{artifact.ImageDigest}", containers, owner) { LimitArguments = ContainerLimits.Arguments(resources) },
        };
    }

    /// <summary>Why the artifact cannot be launched, saying how to fix it; null when it can.</summary>
    public static string? Problem(Artifact artifact, IReadOnlyList<string> args, ContainerOptions? containers) =>
        From(artifact, args, containers) is not null ? null
        : containers is null
            ? "its artifact has no command. The local runtime runs an artifact folder and command; ensure a build step sets Artifact.Command."
            : "its artifact has no image digest, and the local runtime runs containers (--containers). Configure a registry (Strata:Registry:Address) so the publish-image step pushes an image, or run without --containers.";

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
