using Notifier.Emulator.Connections;

namespace Notifier.Emulator.ClientEndpoint;

/// <summary>What a successful handshake leaves behind for the connection's lifetime.</summary>
internal sealed record AcceptedConnection(ClientConnection Connection, ConnectionTransport Transport, RawClientMode Mode);
