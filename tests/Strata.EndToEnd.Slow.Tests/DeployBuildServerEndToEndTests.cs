using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// The host's builds compile in a compiler server of its own, a child of the host: it serves every
/// deploy, and stopping the host (killing its process tree, as the tests and CI do, or SIGTERM) leaves no
/// server behind. <c>Strata:Build:CompilerServer</c> says when it starts: with the host (<c>OnStart</c>,
/// warmed by a compile), at the first build (<c>OnFirstBuild</c>, what the test hosts use), or never (<c>Off</c>).
/// </summary>
public sealed class DeployBuildServerEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-e2e-buildserver");

    public void Dispose() => _root.Dispose();

    [SkippableFact]
    public async Task Deploys_compile_in_the_hosts_own_compiler_server_which_stops_with_the_host()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "finds servers by their command line in /proc");
        var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        var pid = host.Pid;
        try
        {
            var sample = Path.Combine(Path.GetDirectoryName(CliProcess.CliDll)!, "samples", "hello-function");
            var first = await CliProcess.RunAsync(_root.Path, "deploy", sample, "--server", host.Url.ToString());
            Assert.True(first.ExitCode == 0, first.ToString());
            var servers = ServersOf(pid);
            var server = Assert.Single(servers);
            Assert.Equal(pid, ParentOf(server));

            // A second build uses the same server.
            var copy = _root.Combine("hello-function");
            CopyFolder(sample, copy);
            File.AppendAllText(Path.Combine(copy, "Function.cs"), "// changed\n");
            var second = await CliProcess.RunAsync(_root.Path, "deploy", copy, "--server", host.Url.ToString());
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.Contains("revision 2", second.Stdout, StringComparison.Ordinal);
            Assert.Equal(servers, ServersOf(pid));
        }
        finally
        {
            await host.DisposeAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ServersOf(pid).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Empty(ServersOf(pid));
    }

    [SkippableFact]
    public async Task The_compiler_server_starts_warmed_with_the_host_only_with_OnStart_and_stops_when_the_host_stops()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "finds servers by their command line in /proc");
        var hosts = await Task.WhenAll(new[] { "OnStart", "OnFirstBuild", "Off" }.Select(setting =>
        {
            var folder = _root.Combine(setting);
            Directory.CreateDirectory(folder);
            return HostProcess.StartAsync(folder, new Dictionary<string, string?> { ["STRATA_Strata__Build__CompilerServer"] = setting }, "--data", Path.Combine(folder, "data"));
        }));
        var (onStart, onFirstBuild, off) = (hosts[0], hosts[1], hosts[2]);
        var onStartPid = onStart.Pid;
        try
        {
            // Started in the background once the host serves, then warmed with a compile in it.
            await onStart.WaitForOutputAsync("started and warmed", TimeSpan.FromMinutes(3));
            var server = Assert.Single(ServersOf(onStartPid));
            Assert.Equal(onStartPid, ParentOf(server));
            Assert.True(File.Exists(Path.Combine(_root.Combine("OnStart"), "data", "builds", ".compiler-warm-up", "WarmUp.dll")), onStart.Output);

            // The other two hosts had as long to start one, and did not.
            Assert.Empty(ServersOf(onFirstBuild.Pid));
            Assert.Empty(ServersOf(off.Pid));
            Assert.DoesNotContain("Compiler server", onFirstBuild.Output + off.Output, StringComparison.Ordinal);

            // A deploy compiles in the server the host started; with Off, in no server.
            var sample = Path.Combine(Path.GetDirectoryName(CliProcess.CliDll)!, "samples", "hello-function");
            var deploys = await Task.WhenAll(
                CliProcess.RunAsync(_root.Combine("OnStart"), "deploy", sample, "--server", onStart.Url.ToString()),
                CliProcess.RunAsync(_root.Combine("Off"), "deploy", sample, "--server", off.Url.ToString()));
            Assert.All(deploys, deploy => Assert.True(deploy.ExitCode == 0, deploy.ToString()));
            Assert.Equal([server], ServersOf(onStartPid));
            Assert.Empty(ServersOf(off.Pid));

            await onStart.StopAsync(TimeSpan.FromMinutes(1));
            Assert.Empty(ServersOf(onStartPid));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task A_compiler_server_left_running_by_a_host_killed_with_sigkill_is_killed_by_the_next_host_on_its_data()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "finds servers by their command line in /proc");
        var data = _root.Combine("data");
        var settings = new Dictionary<string, string?>
        {
            ["STRATA_Strata__Build__CompilerServer"] = "OnStart",
            ["STRATA_Strata__Build__WarmCompilerServer"] = "false",
        };
        var crashed = await HostProcess.StartAsync(_root.Path, settings, "--data", data);
        var crashedPid = crashed.Pid;
        try
        {
            await crashed.WaitForOutputAsync($"Compiler server strata-{crashedPid}-", TimeSpan.FromMinutes(2));
            var server = Assert.Single(ServersOf(crashedPid));
            Assert.StartsWith($"{server} ", File.ReadAllText(Path.Combine(data, "compiler-server.pid")), StringComparison.Ordinal);

            // SIGKILL, the host alone: nothing stops its server, which its parent's end does not stop either.
            await crashed.CrashAsync();
            await Task.Delay(500);
            Assert.Equal([server], ServersOf(crashedPid));

            await using var next = await HostProcess.StartAsync(_root.Path, settings, "--data", data);

            // Killed as the next host starts, and said so in its log.
            await next.WaitForOutputAsync($"(process {server}) was left running by a host that did not stop it; killed it", TimeSpan.FromSeconds(30));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (ServersOf(crashedPid).Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Empty(ServersOf(crashedPid));

            // The next host's own server is recorded in its place.
            await next.WaitForOutputAsync($"Compiler server strata-{next.Pid}-", TimeSpan.FromMinutes(2));
            var own = Assert.Single(ServersOf(next.Pid));
            Assert.StartsWith($"{own} ", File.ReadAllText(Path.Combine(data, "compiler-server.pid")), StringComparison.Ordinal);
        }
        finally
        {
            await crashed.DisposeAsync();
            foreach (var left in ServersOf(crashedPid))
            {
                using var process = System.Diagnostics.Process.GetProcessById(left);
                process.Kill();
            }
        }
    }

    // The compiler servers named after this host (CompilerServer ids are strata-<host pid>-<random>).
    private static List<int> ServersOf(int hostPid) => [.. Directory.EnumerateDirectories("/proc")
        .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var p) ? p : 0, Folder: d))
        .Where(p => p.Pid > 0 && Read(Path.Combine(p.Folder, "cmdline")) is { } cmdline
            && cmdline.Contains("VBCSCompiler", StringComparison.Ordinal)
            && cmdline.Contains($"-pipename:strata-{hostPid}-", StringComparison.Ordinal)
            && Read(Path.Combine(p.Folder, "stat")) is { } stat && !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
        .Select(p => p.Pid)
        .Order()];

    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(source, f).Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj")))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }
}
