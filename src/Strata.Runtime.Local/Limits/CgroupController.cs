namespace Strata.Runtime.Local.Limits;

/// <summary>A cgroup controller (memory or cpu) the runtime may create replica groups under.</summary>
/// <param name="Version">1 for a v1 controller hierarchy, 2 for the unified hierarchy.</param>
/// <param name="Parent">The folder replica groups are created in (the runtime's own group, <c>…/strata</c>).</param>
internal sealed record CgroupController(int Version, string Parent);
