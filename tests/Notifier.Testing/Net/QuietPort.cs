using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Notifier.Testing.Net;

/// <summary>
/// A loopback port below the kernel's ephemeral range, for a listener that opens and closes many times over a test
/// run (the client tests' proxy). A port from <see cref="Emulator.EmulatorServer.FreePort"/> is an ephemeral one: once
/// its listener closes, any outgoing connection on the machine may take it as its local port, and the next listen fails
/// with EADDRINUSE. Ports below the range are only ever taken by someone binding them by number.
/// </summary>
public static class QuietPort
{
    private const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    private const int Lowest = 10_000;

    public static int Pick()
    {
        var below = EphemeralRangeStart();
        if (below <= Lowest + 1)
        {
            return Emulator.EmulatorServer.FreePort();
        }

        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(Lowest, below);
            if (CanListen(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {below}.");
    }

    private static int EphemeralRangeStart()
    {
        if (!File.Exists(RangeFile))
        {
            return 0;
        }

        var first = File.ReadAllText(RangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 0;
    }

    private static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
