using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Strata.Core;

namespace Strata.Runtime.Kubernetes.Volumes;

/// <summary>
/// Runs a command in a pod's container through the API server (<c>pods/exec</c>, WebSocket channel protocol v4):
/// standard output into a stream, at most a given number of bytes; the exit code from the status channel.
/// Everything goes through the API server, so it works from a laptop against a remote cluster.
/// </summary>
internal static class PodExec
{
    private const int MaxErrorChars = 4096;

    /// <summary>The command's exit code and what it wrote to standard error (the first few KiB).</summary>
    public sealed record Result(int ExitCode, string Stderr);

    /// <exception cref="StrataException">The exec could not start, the API answered with an error, or the output exceeded <paramref name="maxBytes"/>.</exception>
    public static async Task<Result> RunAsync(
        IKubernetes kubernetes, string @namespace, string pod, string container, IReadOnlyList<string> command,
        Stream stdout, long maxBytes, CancellationToken cancellationToken)
    {
        var target = $"pod {@namespace}/{pod}";
        IStreamDemuxer demuxer;
        try
        {
            demuxer = await kubernetes.MuxedStreamNamespacedPodExecAsync(
                pod, @namespace, command, container, stderr: true, stdin: false, stdout: true, tty: false,
                webSocketSubProtocol: WebSocketProtocol.V4BinaryWebsocketProtocol, customHeaders: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpOperationException or HttpRequestException or KubernetesException)
        {
            throw new StrataException(
                $"Cannot exec '{string.Join(' ', command)}' in {target} through the Kubernetes API at {kubernetes.BaseUri}: {ex.Message}. " +
                "Check that the pod runs and that the identity Strata runs as may 'create' on resource 'pods/exec' in that namespace.", null, ex);
        }

        using (demuxer)
        {
            using var output = demuxer.GetStream(ChannelIndex.StdOut, null);
            using var errors = demuxer.GetStream(ChannelIndex.StdErr, null);
            using var status = demuxer.GetStream(ChannelIndex.Error, null);
            demuxer.Start();
            var copy = CopyAsync(output, stdout, maxBytes, target, cancellationToken);
            var stderr = ReadTextAsync(errors, cancellationToken);
            var statusText = ReadTextAsync(status, cancellationToken);
            await copy.ConfigureAwait(false);
            return new Result(ExitCode(await statusText.ConfigureAwait(false), target, command), await stderr.ConfigureAwait(false));
        }
    }

    /// <summary>The exit code a v4 status channel carries: 0 on Success, the <c>ExitCode</c> cause on NonZeroExitCode.</summary>
    internal static int ExitCode(string statusJson, string target, IReadOnlyList<string> command)
    {
        if (string.IsNullOrWhiteSpace(statusJson))
        {
            throw new StrataException($"The exec of '{string.Join(' ', command)}' in {target} ended without a status: the connection to the API server was lost, or the container stopped.");
        }

        V1Status status;
        try
        {
            status = KubernetesJson.Deserialize<V1Status>(statusJson);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new StrataException($"The exec of '{string.Join(' ', command)}' in {target} ended with a status that is not JSON: {Shorten(statusJson)}", null, ex);
        }

        if (status.Status == "Success")
        {
            return 0;
        }

        var code = status.Details?.Causes?.FirstOrDefault(c => c.Reason == "ExitCode")?.Message;
        if (status.Reason == "NonZeroExitCode" && int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exitCode))
        {
            return exitCode;
        }

        throw new StrataException($"The exec of '{string.Join(' ', command)}' in {target} failed: {status.Message ?? status.Reason ?? Shorten(statusJson)}");
    }

    private static async Task CopyAsync(Stream from, Stream to, long maxBytes, string target, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var total = 0L;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw new StrataException(
                    $"The volume read from {target} is larger than {maxBytes} bytes, the most the host copies (Strata:Kubernetes:VolumeMirrorMaxBytes); " +
                    "raise the limit or remove old results from the volume.");
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> ReadTextAsync(Stream from, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            // Keep reading to the end (the channel must drain), keep only the start.
            if (text.Length < MaxErrorChars)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }

        return text.Length <= MaxErrorChars ? text.ToString() : text.ToString(0, MaxErrorChars) + "…";
    }

    private static string Shorten(string text) => text.Length <= 200 ? text.Trim() : text[..200] + "…";
}
