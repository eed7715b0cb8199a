using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Strata.Building;
using Strata.Core.Building;

namespace Strata.Core.Tests.Building;

/// <summary>IBuildContext.RunProcessAsync with real programs.</summary>
public sealed class BuildProcessTests : IDisposable
{
    private readonly BuildRunnerFixture build = new();

    public void Dispose() => build.Dispose();

    private static BuildStep Shell(string script, string name = "compile") =>
        new(name, ctx => ctx.RunProcessAsync("/bin/sh", ["-c", script], environment: new Dictionary<string, string> { ["GREETING"] = "hi there" }));

    private List<BuildLogLine> OutputOf(string step) =>
        [.. build.Log.Where(l => l.Step == step && l.Level is LogLevel.Information or LogLevel.Warning && !l.Message.StartsWith("Step ", StringComparison.Ordinal) && !l.Message.StartsWith("> ", StringComparison.Ordinal))];

    [Fact]
    public async Task Output_lines_reach_the_log_in_order_with_stderr_as_warnings()
    {
        var result = await build.RunAsync([Shell("for i in 1 2 3 4 5; do echo line$i; done; echo \"$GREETING\"; pwd; echo oops >&2")]);

        Assert.True(result.Succeeded, result.Error);
        var output = OutputOf("compile");
        Assert.Equal(
            ["line1", "line2", "line3", "line4", "line5", "hi there", Path.Combine(build.WorkRoot, "steps", "compile")],
            output.Where(l => l.Level == LogLevel.Information).Select(l => l.Message));
        Assert.Equal(["oops"], output.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message));
        Assert.Contains(build.Log, l => l.Message == "> /bin/sh -c " + "for i in 1 2 3 4 5; do echo line$i; done; echo \"$GREETING\"; pwd; echo oops >&2");
    }

    [Fact]
    public async Task Output_is_streamed_while_the_program_runs()
    {
        // The program prints its second line only after the test has seen the first one in the log,
        // so a runner that buffered output until exit would time out here.
        var go = Path.Combine(build.Source, "go");
        var steps = new[] { Shell($"echo first; i=0; while [ ! -f '{go}' ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; [ -f '{go}' ] && echo second") };
        var runner = new BuildRunner();

        var result = await runner.RunAsync(
            new BuildRequest
            {
                Manifest = new Strata.Manifest.AppManifest { Name = "hello", Vertical = "functions" },
                SourceDirectory = build.Source,
                WorkRoot = build.WorkRoot,
                Steps = steps,
                Log = line =>
                {
                    build.Log.Add(line);
                    if (line.Message == "first")
                    {
                        File.WriteAllText(go, "");
                    }
                },
            },
            CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["first", "second"], OutputOf("compile").Select(l => l.Message));
    }

    [Fact]
    public async Task A_non_zero_exit_fails_the_step_with_the_command_code_and_last_20_lines()
    {
        // Only stdout here: stdout and stderr are separate pipes, so how their lines interleave is not
        // defined (stderr has its own test).
        var result = await build.RunAsync([Shell("for i in $(seq 1 25); do echo line$i; done; exit 3")]);

        Assert.False(result.Succeeded);
        Assert.Equal("compile", result.FailedStep);
        Assert.StartsWith("'/bin/sh -c for i in $(seq 1 25); do echo line$i; done; exit 3' exited with code 3.", result.Error, StringComparison.Ordinal);
        var error = Assert.IsType<string>(result.Error);
        var tail = error[error.IndexOf("Last output:", StringComparison.Ordinal)..].Split(Environment.NewLine)[1..];
        Assert.Equal(Enumerable.Range(6, 20).Select(i => $"line{i}"), tail);
    }

    [Fact]
    public async Task A_missing_program_fails_the_step_saying_it_was_not_found()
    {
        var result = await build.RunAsync([new BuildStep("compile", ctx => ctx.RunProcessAsync("strata-no-such-tool", ["--version"]))]);

        Assert.False(result.Succeeded);
        Assert.Contains("'strata-no-such-tool' was not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_build_kills_the_whole_process_tree_quickly()
    {
        var pidFile = Path.Combine(build.Source, "sleep.pid");
        using var cts = new CancellationTokenSource();
        var steps = new[] { Shell($"sleep 30 & echo $! > '{pidFile}'; wait", name: "test") };
        var stopwatch = Stopwatch.StartNew();

        var run = build.RunAsync(steps, cts.Token);
        var pid = await WaitForPidAsync(pidFile);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"the cancelled build took {stopwatch.Elapsed}");
        Assert.True(await IsGoneAsync(pid), $"the child 'sleep 30' (pid {pid}) still runs after cancellation");
        Assert.Contains(build.Log, l => l.Step == "test" && l.Message.Contains("cancelled", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(build.WorkRoot, "cache", "test.json")));
    }

    [Fact]
    public async Task A_detached_grandchild_holding_the_output_open_does_not_hang_the_step()
    {
        var pidFile = Path.Combine(build.Source, "daemon.pid");
        var stopwatch = Stopwatch.StartNew();

        var result = await build.RunAsync([Shell($"echo started; sleep 30 & echo $! > '{pidFile}'")]);

        var pid = await WaitForPidAsync(pidFile);
        try
        {
            Assert.True(result.Succeeded, result.Error);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"the step waited {stopwatch.Elapsed} for its grandchild");
            Assert.Contains("started", OutputOf("compile").Select(l => l.Message));
        }
        finally
        {
            using var daemon = Process.GetProcessById(pid);
            daemon.Kill();
        }
    }

    private static async Task<int> WaitForPidAsync(string pidFile)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(pidFile) && int.TryParse(await File.ReadAllTextAsync(pidFile), out var pid))
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the build step never started its child process");
    }

    // A killed process whose parent died too may linger as a zombie until init reaps it; a zombie runs nothing.
    private static async Task<bool> IsGoneAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat))
            {
                return true;
            }

            try
            {
                var text = await File.ReadAllTextAsync(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
