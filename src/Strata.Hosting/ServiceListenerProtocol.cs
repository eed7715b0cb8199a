using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Strata.Hosting;

/// <summary>
/// How the Local runtime shares a service port's listening socket with the service's replicas, so that
/// they accept its connections themselves (as pods behind a Kubernetes Service do, with no proxy in
/// user space). The runtime names a Unix socket in <see cref="BrokerVariable"/> and a secret per
/// replica in <see cref="TokenVariable"/>. The replica connects and sends <c>HELLO &lt;token&gt;\n</c>;
/// the runtime sends one byte <see cref="Listen"/> with the listening socket attached (<c>SCM_RIGHTS</c>)
/// once the replica is ready and serving, and <see cref="Stop"/> when it must stop accepting (unready,
/// draining before its SIGTERM), which the replica answers with <c>C\n</c> once its copy is closed. The
/// replica reports its traffic as <c>T &lt;in-flight&gt; &lt;completed&gt;\n</c> lines, for the
/// autoscaler and the idle timer. One socket, one accept queue: a replica that stops accepting leaves
/// queued connections to the others, unlike an <c>SO_REUSEPORT</c> group.
/// </summary>
public static partial class ServiceListenerProtocol
{
    /// <summary>The environment variable naming the runtime's Unix socket.</summary>
    public const string BrokerVariable = "STRATA_LISTENER_BROKER";

    /// <summary>The environment variable holding the replica's secret.</summary>
    public const string TokenVariable = "STRATA_LISTENER_TOKEN";

    /// <summary>
    /// Set to <c>false</c> in a service's environment, the runtime offers its replicas nothing: every
    /// connection to the service's address goes through the runtime's load balancer.
    /// </summary>
    public const string OptOutVariable = "STRATA_SHARE_LISTENER";

    /// <summary>Runtime → replica: accept from the attached listening socket.</summary>
    public const byte Listen = (byte)'L';

    /// <summary>Runtime → replica: stop accepting and close your copy, then answer <see cref="Released"/>.</summary>
    public const byte Stop = (byte)'D';

    /// <summary>Replica → runtime, first line: <c>HELLO &lt;token&gt;</c>.</summary>
    public const string Hello = "HELLO";

    /// <summary>Replica → runtime: its copy of the listening socket is closed.</summary>
    public const string Released = "C";

    /// <summary>Replica → runtime: <c>T &lt;in-flight&gt; &lt;completed&gt;</c>.</summary>
    public const string Traffic = "T";

    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int MsgNoSignal = 0x4000;
    private const int MsgCmsgCloexec = 0x40000000;
    private const int Eintr = 4;
    private const int Eagain = 11;

    // CMSG_LEN(sizeof(int)) and CMSG_SPACE(sizeof(int)) on 64-bit Linux: a 16-byte header, then the fd.
    private const int ControlLength = 20;
    private const int ControlSpace = 24;

    /// <summary>Sends <paramref name="command"/> with <paramref name="descriptor"/> attached (<c>SCM_RIGHTS</c>).</summary>
    public static unsafe void SendWithDescriptor(Socket connection, byte command, SafeHandle descriptor)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(descriptor);
        var added = false;
        descriptor.DangerousAddRef(ref added);
        try
        {
            byte* data = stackalloc byte[1];
            data[0] = command;
            byte* control = stackalloc byte[ControlSpace];
            new Span<byte>(control, ControlSpace).Clear();
            var header = (ControlHeader*)control;
            header->Length = ControlLength;
            header->Level = SolSocket;
            header->Type = ScmRights;
            *(int*)(control + sizeof(ControlHeader)) = (int)descriptor.DangerousGetHandle();
            var vector = new IoVector { Base = data, Length = 1 };
            var message = new MessageHeader { Vector = &vector, VectorLength = 1, Control = control, ControlLength = ControlSpace };
            var fd = (int)connection.SafeHandle.DangerousGetHandle();

            // The runtime's end of the connection is non-blocking; one byte almost never waits, and
            // a replica that does not read at all is not waited for long.
            for (var attempt = 0; ; attempt++)
            {
                var sent = SendMessage(fd, &message, MsgNoSignal);
                if (sent == 1)
                {
                    return;
                }

                var error = Marshal.GetLastPInvokeError();
                if (error == Eintr || (error == Eagain && attempt < 200))
                {
                    Thread.Sleep(error == Eagain ? 5 : 0);
                    continue;
                }

                throw new SocketException(error);
            }
        }
        finally
        {
            if (added)
            {
                descriptor.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Reads one command byte from a blocking <paramref name="connection"/>, with the descriptor attached
    /// to it if any (close-on-exec). Returns -1 at the end of the stream.
    /// </summary>
    public static unsafe (int Command, SafeSocketHandle? Descriptor) Receive(Socket connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        byte* data = stackalloc byte[1];
        byte* control = stackalloc byte[ControlSpace];
        var fd = (int)connection.SafeHandle.DangerousGetHandle();
        while (true)
        {
            new Span<byte>(control, ControlSpace).Clear();
            var vector = new IoVector { Base = data, Length = 1 };
            var message = new MessageHeader { Vector = &vector, VectorLength = 1, Control = control, ControlLength = ControlSpace };
            var read = ReceiveMessage(fd, &message, MsgCmsgCloexec);
            if (read < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == Eintr)
                {
                    continue;
                }

                throw new SocketException(error);
            }

            if (read == 0)
            {
                return (-1, null);
            }

            SafeSocketHandle? received = null;
            var header = (ControlHeader*)control;
            if (message.ControlLength >= ControlLength && header->Level == SolSocket && header->Type == ScmRights)
            {
                received = new SafeSocketHandle(*(int*)(control + sizeof(ControlHeader)), ownsHandle: true);
            }

            return (data[0], received);
        }
    }

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static unsafe partial nint SendMessage(int socket, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static unsafe partial nint ReceiveMessage(int socket, MessageHeader* message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    // struct msghdr of 64-bit Linux with glibc.
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vector;
        public nuint VectorLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ControlHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }
}
