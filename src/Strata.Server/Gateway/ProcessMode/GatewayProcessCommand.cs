using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>How the host starts the gateway process: which program, with which arguments and environment.</summary>
internal static class GatewayProcessCommand
{
    /// <summary>The environment variable that carries the token the gateway presents to the host's internal API (never the command line: it shows in the process list).</summary>
    public const string TokenVariable = "STRATA_GATEWAY_TOKEN";

    /// <summary>The gateway program: <see cref="GatewayOptions.ProcessPath"/>, or <c>Strata.Gateway.dll</c> beside the host.</summary>
    public static string Program(GatewayOptions options) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(options.ProcessPath)
            ? Path.Combine(AppContext.BaseDirectory, "Strata.Gateway.dll")
            : options.ProcessPath);

    /// <summary>
    /// The start info of the gateway process: listen on <paramref name="publicUrl"/>, splice to and
    /// stream from <paramref name="hostUrl"/>, exit when its standard input ends (the host went away).
    /// Only this process gets the socket engine's inline completions.
    /// </summary>
    public static ProcessStartInfo StartInfo(GatewayOptions options, string publicUrl, Uri hostUrl, string token)
    {
        var program = Program(options);
        var isDll = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isDll ? DotnetHost() : program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (isDll)
        {
            start.ArgumentList.Add(program);
        }

        foreach (var argument in (string[])[
            "--listen", publicUrl,
            "--host", hostUrl.ToString(),
            "--watch-stdin",
            $"--Strata:Gateway:LoadBalancing={options.LoadBalancing}",
            $"--Strata:Gateway:MaxAttempts={options.MaxAttempts.ToString(CultureInfo.InvariantCulture)}",
            $"--Strata:Gateway:ReactivationPeriod={options.ReactivationPeriod.ToString("c", CultureInfo.InvariantCulture)}",
            $"--Strata:Gateway:InlineScheduling={options.InlineScheduling}",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[TokenVariable] = token;
        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        return start;
    }

    // The dotnet the host runs on: a test host or an app host is not it.
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var dotnet = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(dotnet) ? dotnet : "dotnet";
    }
}
