namespace Notifier.Emulator.Protocols;

/// <summary>The messages a JSON-subprotocol client may send.</summary>
internal enum ClientMessageType
{
    JoinGroup,
    LeaveGroup,
    SendToGroup,
    Event,
    SequenceAck,
    Ping,
}
