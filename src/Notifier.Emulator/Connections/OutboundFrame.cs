using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Connections;

/// <summary>An entry in a connection's outbound queue: a shared message (with its sequence id) or per-connection bytes.</summary>
internal readonly struct OutboundFrame
{
    private OutboundFrame(OutboundMessage? message, ulong sequenceId, byte[]? control)
    {
        Message = message;
        SequenceId = sequenceId;
        Control = control;
    }

    public OutboundMessage? Message { get; }

    /// <summary>The reliable protocol's sequence id; 0 for other protocols.</summary>
    public ulong SequenceId { get; }

    /// <summary>A JSON text frame for this connection only: system messages, acks, pongs.</summary>
    public byte[]? Control { get; }

    public static OutboundFrame ForMessage(OutboundMessage message, ulong sequenceId = 0) => new(message, sequenceId, null);

    public static OutboundFrame ForControl(byte[] frame) => new(null, 0, frame);
}
