using System.Diagnostics;
using System.Globalization;
using Strata.Testing;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>
/// A throwaway PostgreSQL 15 cluster on a loopback port (initdb, pg_ctl), deleted on dispose. As
/// root it runs as the 'postgres' user (PostgreSQL refuses root). Null when the binaries are absent.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private readonly TempDirectory _folder;
    private readonly bool _asPostgres;

    private PostgresCluster(TempDirectory folder, int port, bool asPostgres)
    {
        _folder = folder;
        _asPostgres = asPostgres;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=strata;Database=postgres;Pooling=true;Timeout=15";
    }

    /// <summary>Why a cluster cannot be made here, or null when it can.</summary>
    public static string? Unavailable =>
        File.Exists(Path.Combine(BinDirectory, "initdb")) && File.Exists(Path.Combine(BinDirectory, "pg_ctl"))
            ? null
            : $"PostgreSQL 15 is not installed ({BinDirectory}/initdb, pg_ctl): the PostgreSQL store test is skipped.";

    public string ConnectionString { get; }

    public static async Task<PostgresCluster> StartAsync()
    {
        var folder = new TempDirectory("strata-mobile-pg");
        var asPostgres = Environment.UserName == "root";
        var port = LoopbackPorts.Free();
        var cluster = new PostgresCluster(folder, port, asPostgres);
        if (asPostgres)
        {
            await cluster.RunAsync("/bin/chown", "-R", "postgres", folder.Path);
        }

        var data = folder.Combine("pgdata");
        await cluster.RunAsync(Path.Combine(BinDirectory, "initdb"), "-D", data, "-U", "strata", "--auth=trust", "-E", "UTF8", "--no-sync");
        await cluster.RunAsync(
            Path.Combine(BinDirectory, "pg_ctl"),
            "-D", data, "-w", "-t", "60", "-l", folder.Combine("postgres.log"),
            "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)} -k {folder.Path} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start");
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), "-D", _folder.Combine("pgdata"), "-m", "immediate", "-w", "-t", "30", "stop");
        }
        finally
        {
            _folder.Dispose();
        }
    }

    private async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(_asPostgres && program != "/bin/chown" ? "/usr/sbin/runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _folder.Path };
        if (_asPostgres && program != "/bin/chown")
        {
            foreach (var arg in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
