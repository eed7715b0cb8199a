namespace Strata.Runtime.Local.Replicas;

/// <summary>The image a replica runs in and how podman runs it.</summary>
/// <param name="Image">The image by digest, <c>registry/repo@sha256:…</c>.</param>
/// <param name="Options">The podman settings.</param>
/// <param name="Owner">The value of <see cref="ContainerOptions.OwnerLabel"/>: which runtime's container it is.</param>
internal sealed record ContainerLaunch(string Image, ContainerOptions Options, string Owner)
{
    /// <summary>The service's resource limits as podman arguments (<see cref="Limits.ContainerLimits"/>).</summary>
    public IReadOnlyList<string> LimitArguments { get; init; } = [];

    /// <summary>The service's volumes as podman <c>--volume host:path[:ro]</c> arguments.</summary>
    public IReadOnlyList<string> VolumeArguments { get; init; } = [];

    /// <summary>
    /// The <c>podman run</c> arguments: removed on exit, named (so a kill can remove it), on the host
    /// network, each variable of <paramref name="environmentKeys"/> passed by name (podman reads its
    /// value from its own environment, so values never show in the process list).
    /// </summary>
    public IReadOnlyList<string> RunArguments(string name, IEnumerable<string> environmentKeys, IReadOnlyList<string> args)
    {
        var registry = Image[..Image.IndexOf('/', StringComparison.Ordinal)];
        List<string> arguments =
        [
            "run", "--rm", "--replace", "--name", name, "--network", "host", "--pull", "missing",
            "--label", "app.kubernetes.io/managed-by=strata", "--label", $"{ContainerOptions.OwnerLabel}={Owner}",
        ];
        if (Options.InsecureRegistries.Contains(registry, StringComparer.OrdinalIgnoreCase))
        {
            arguments.Add("--tls-verify=false");
        }

        if (Options.AuthFile is { } authFile)
        {
            arguments.Add("--authfile");
            arguments.Add(authFile);
        }

        arguments.AddRange(Options.RunArguments);
        arguments.AddRange(LimitArguments);
        arguments.AddRange(VolumeArguments);
        foreach (var key in environmentKeys.Order(StringComparer.Ordinal))
        {
            arguments.Add("--env");
            arguments.Add(key);
        }

        arguments.Add(Image);
        arguments.AddRange(args);
        return arguments;
    }
}
