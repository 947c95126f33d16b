namespace Notifier.Emulator.Protocols;

/// <summary>One parsed message from a JSON-subprotocol client; <see cref="Data"/> is its own copy of the payload.</summary>
internal sealed class ClientMessage
{
    public required ClientMessageType Type { get; init; }

    public string? Group { get; init; }

    public string? Event { get; init; }

    public ulong? AckId { get; init; }

    public MessageDataType DataType { get; init; } = MessageDataType.Json;

    public ReadOnlyMemory<byte> Data { get; init; }

    public bool NoEcho { get; init; }

    public ulong SequenceId { get; init; }
}
