using System.Diagnostics;
using System.Runtime.InteropServices;
using Strata.Core.Building;

namespace Strata.Core.Tests.Building;

public sealed class CompilerServerTests
{
    [Fact]
    public void Each_server_has_a_pipe_of_its_own_in_the_environment_it_gives_builds()
    {
        var one = new CompilerServer();
        var two = new CompilerServer();

        Assert.NotEqual(one.Id, two.Id);
        Assert.StartsWith("strata-", one.Id, StringComparison.Ordinal);
        Assert.Equal("true", one.Environment["UseSharedCompilation"]);
        Assert.Equal(one.Id, one.Environment["SharedCompilationId"]);
        Assert.Equal("false", CompilerServer.NoServer["UseSharedCompilation"]);
    }

    [SkippableFact]
    public async Task Shutting_down_stops_this_servers_process_and_no_other()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "finds servers by their command line in /proc");
        var ours = new CompilerServer("strata-test-" + Guid.NewGuid().ToString("n")[..8]);
        var other = new CompilerServer("strata-test-" + Guid.NewGuid().ToString("n")[..8]);
        using var oursProcess = StartServer(ours.Id);
        using var otherProcess = StartServer(other.Id);
        try
        {
            await WaitUntilAsync(() => ours.FindProcesses().Count == 1 && other.FindProcesses().Count == 1);
            Assert.Equal([oursProcess.Id], ours.FindProcesses());

            await ours.DisposeAsync();

            Assert.True(oursProcess.WaitForExit(TimeSpan.FromSeconds(5)));
            Assert.Empty(ours.FindProcesses());
            Assert.False(otherProcess.HasExited);
            Assert.Equal([otherProcess.Id], other.FindProcesses());
        }
        finally
        {
            await other.ShutdownAsync();
            Kill(oursProcess);
            Kill(otherProcess);
        }

        Assert.True(otherProcess.HasExited);
    }

    [SkippableFact]
    public async Task It_starts_once_as_a_child_of_this_process_and_stops_on_dispose()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "finds servers by their command line in /proc");
        var server = new CompilerServer("strata-test-" + Guid.NewGuid().ToString("n")[..8]);
        var folder = Path.GetTempPath();
        try
        {
            await server.EnsureStartedAsync(folder, CancellationToken.None);
            await WaitUntilAsync(() => server.FindProcesses().Count == 1);
            await server.EnsureStartedAsync(folder, CancellationToken.None);
            var pid = Assert.Single(server.FindProcesses());
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            Assert.Equal(Environment.ProcessId, int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Empty(server.FindProcesses());
    }

    [SkippableFact]
    public async Task Warming_up_starts_the_server_and_compiles_in_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "finds servers by their command line in /proc");
        var server = new CompilerServer("strata-test-" + Guid.NewGuid().ToString("n")[..8]);
        var folder = Path.Combine(Path.GetTempPath(), "strata-warm-up-" + Guid.NewGuid().ToString("n"));
        try
        {
            Assert.True(await server.WarmUpAsync(folder, CancellationToken.None));

            Assert.True(File.Exists(Path.Combine(folder, "WarmUp.dll")));
            // It compiled in this server: the compiler's client started no other with this pipe name.
            var pid = Assert.Single(server.FindProcesses());
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            Assert.Equal(Environment.ProcessId, int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }

        Assert.Empty(server.FindProcesses());
        // Disposed of, it is not started again.
        await server.EnsureStartedAsync(Path.GetTempPath(), CancellationToken.None);
        Assert.Empty(server.FindProcesses());
    }

    // The SDK's own server, started as the compiler's build client starts it: 'dotnet VBCSCompiler.dll -pipename:<id>'.
    internal static Process StartServer(string id)
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var server = Directory.GetFiles(Path.Combine(root, "sdk"), "VBCSCompiler.dll", SearchOption.AllDirectories)
            .FirstOrDefault(f => f.Contains("bincore", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No VBCSCompiler.dll under {root}/sdk: the tests need the .NET SDK.");
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false };
        if (!Path.GetFileNameWithoutExtension(info.FileName).Equals("dotnet", StringComparison.Ordinal))
        {
            info.FileName = Path.Combine(root, "dotnet");
        }

        info.ArgumentList.Add(server);
        info.ArgumentList.Add("-pipename:" + id);
        return Process.Start(info) ?? throw new InvalidOperationException("The compiler server did not start.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the compiler servers did not show up in /proc within 20 s");
            await Task.Delay(50);
        }
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }
    }
}
