namespace Notifier.Emulator.Protocols;

/// <summary>
/// The outcome of reading a client frame. <see cref="Malformed"/> frames break the protocol and close the
/// connection (1007); <see cref="Invalid"/> ones are well-formed but carry a bad value and are refused with an
/// <c>InvalidData</c> ack.
/// </summary>
internal enum ClientMessageParseStatus
{
    Ok,
    Invalid,
    Malformed,
}
