using System.Diagnostics;
using Spectre.Console;

namespace Strata.Cli.Rendering;

/// <summary>
/// A spinner with the elapsed time on stderr while the host works (a deploy answers once, at the end, with its
/// steps). Drawn only on an interactive terminal; redirected or in CI nothing is drawn, so output stays plain.
/// </summary>
internal static class ProgressView
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="work"/>, showing <paramref name="what"/> and the seconds it has taken so far.</summary>
    public static async Task<T> RunAsync<T>(CliConsole console, string what, Func<Task<T>> work)
    {
        if (!console.ShowsProgress)
        {
            return await work().ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        var label = Markup.Escape(what);
        return await console.Error.Status().Spinner(Spinner.Known.Dots).StartAsync($"{label} (0s)", async status =>
        {
            var task = work();
            while (!task.IsCompleted)
            {
                await Task.WhenAny(task, Task.Delay(Tick)).ConfigureAwait(false);
                status.Status($"{label} ({clock.Elapsed.TotalSeconds:0}s)");
            }

            return await task.ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
