using System.Net;
using System.Net.Sockets;

namespace Notifier.DevHost.Startup;

/// <summary>Checks that the ports the stack needs are free before anything starts, so a clash fails at once and by name.</summary>
internal static class Ports
{
    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int PickFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Returns whether something listens on, or has bound, <paramref name="port"/> on the loopback interfaces.</summary>
    public static bool IsTaken(int port)
    {
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6)
            {
                continue;
            }

            try
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(address, port));
                socket.Listen();
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                return true;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
            {
                // No such interface here (IPv6 loopback disabled): nothing can hold the port on it either.
            }
        }

        return false;
    }

    /// <summary>Throws a <see cref="StartupException"/> naming the first taken port, its service and the option that moves it.</summary>
    public static void EnsureFree(IEnumerable<(int Port, string Service, string Option)> ports)
    {
        var taken = ports.Where(p => IsTaken(p.Port)).ToList();
        if (taken.Count == 0)
        {
            return;
        }

        var lines = taken.Select(p => $"  port {p.Port} ({p.Service}) is already in use: stop what holds it (e.g. `lsof -i :{p.Port}`), or choose another with {p.Option} <port>.");
        throw new StartupException("The local stack cannot start:\n" + string.Join('\n', lines));
    }
}
