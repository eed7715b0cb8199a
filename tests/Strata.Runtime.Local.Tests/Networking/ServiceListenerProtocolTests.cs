using System.Net;
using System.Net.Sockets;
using Strata.Hosting;
using Strata.Runtime.Local.Networking;
using Strata.Runtime.Local.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Strata.Runtime.Local.Tests.Networking;

/// <summary>The socket hand-over itself, between two real Unix sockets in this process.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServiceListenerProtocolTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("strata-listener-").FullName;

    [Fact]
    public async Task A_listening_socket_sent_over_a_unix_socket_accepts_in_the_receiver()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var (sender, receiver) = await UnixPairAsync();
        using (sender)
        using (receiver)
        {
            ServiceListenerProtocol.SendWithDescriptor(sender, ServiceListenerProtocol.Listen, listener.SafeHandle);
            sender.Send([ServiceListenerProtocol.Stop]);
            sender.Shutdown(SocketShutdown.Send);

            var (command, descriptor) = ServiceListenerProtocol.Receive(receiver);
            Assert.Equal(ServiceListenerProtocol.Listen, command);
            Assert.NotNull(descriptor);
            using var received = new Socket(descriptor);

            // The received copy is the same socket: a client of the original is accepted through it.
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync((IPEndPoint)listener.LocalEndPoint!, RuntimeHarness.Timeout(5));
            using var accepted = await received.AcceptAsync(RuntimeHarness.Timeout(5));
            Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);

            // Then a command without a descriptor, then the end of the stream.
            Assert.Equal((ServiceListenerProtocol.Stop, (SafeSocketHandle?)null), ServiceListenerProtocol.Receive(receiver));
            Assert.Equal(-1, ServiceListenerProtocol.Receive(receiver).Command);
        }
    }

    [Fact]
    public async Task The_broker_refuses_an_unknown_secret_and_keeps_serving_known_ones()
    {
        var logs = new RecordingLoggerProvider(null);
        using var factory = new Microsoft.Extensions.Logging.LoggerFactory([logs]);
        var path = Path.Combine(_folder, "listeners.sock");
        await using var broker = ListenerBroker.TryStart(path, factory.CreateLogger("test"));
        Assert.NotNull(broker);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        using (var stranger = await ConnectAsync(path, "HELLO 0123456789abcdef0123456789abcdef\n"))
        {
            // Refused: the broker closes the connection.
            Assert.Equal(0, await stranger.ReceiveAsync(new byte[1], SocketFlags.None, RuntimeHarness.Timeout(10)));
        }

        using var link = broker.Expect();
        var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.Changed = () => attached.TrySetResult();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        link.Want(listener);
        using var replica = await ConnectAsync(path, $"HELLO {link.Token}\n");
        replica.Blocking = true;
        await attached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var (command, descriptor) = ServiceListenerProtocol.Receive(replica);
        descriptor?.Dispose();
        Assert.Equal((ServiceListenerProtocol.Listen, true), (command, descriptor is not null));
        Assert.True(link.Accepting);

        // Taken back: released only once the replica confirms.
        link.Want(null);
        var released = link.WaitReleasedAsync();
        Assert.Equal(ServiceListenerProtocol.Stop, ServiceListenerProtocol.Receive(replica).Command);
        Assert.False(released.IsCompleted);
        replica.Send("C\n"u8.ToArray());
        await released.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(logs.Messages, m => m.Id.Id == 113);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<Socket> ConnectAsync(string path, string greeting)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), RuntimeHarness.Timeout(5));
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(greeting));
        return socket;
    }

    private async Task<(Socket Sender, Socket Receiver)> UnixPairAsync()
    {
        var path = Path.Combine(_folder, "pair.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        server.Listen();
        var receiver = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        receiver.Connect(new UnixDomainSocketEndPoint(path));
        var sender = await server.AcceptAsync(RuntimeHarness.Timeout(5));
        return (sender, receiver);
    }
}
