using System.Buffers;
using System.Text.Json;

namespace Notifier.Emulator.Protocols;

/// <summary>Encodes the per-connection messages of the JSON subprotocols: system messages, acks and pongs.</summary>
internal static class JsonProtocolWriter
{
    private static readonly byte[] PongFrame = "{\"type\":\"pong\"}"u8.ToArray();

    /// <summary>The longest <c>{"sequenceId":N,</c> prefix: 15 bytes of text plus 20 digits.</summary>
    public const int MaxSequencePrefixLength = 36;

    public static byte[] Pong => PongFrame;

    public static byte[] Connected(string connectionId, string? userId, string? reconnectionToken) => Write(writer =>
    {
        writer.WriteString("type"u8, "system"u8);
        writer.WriteString("event"u8, "connected"u8);
        if (userId is null)
        {
            writer.WriteNull("userId"u8);
        }
        else
        {
            writer.WriteString("userId"u8, userId);
        }

        writer.WriteString("connectionId"u8, connectionId);
        if (reconnectionToken is not null)
        {
            writer.WriteString("reconnectionToken"u8, reconnectionToken);
        }
    });

    public static byte[] Disconnected(string? reason) => Write(writer =>
    {
        writer.WriteString("type"u8, "system"u8);
        writer.WriteString("event"u8, "disconnected"u8);
        writer.WriteString("message"u8, reason ?? string.Empty);
    });

    // error: one of AckErrorNames, or null for success.
    public static byte[] Ack(ulong ackId, string? error, string? message) => Write(writer =>
    {
        writer.WriteString("type"u8, "ack"u8);
        writer.WriteNumber("ackId"u8, ackId);
        writer.WriteBoolean("success"u8, error is null);
        if (error is not null)
        {
            writer.WriteStartObject("error"u8);
            writer.WriteString("name"u8, error);
            writer.WriteString("message"u8, message ?? string.Empty);
            writer.WriteEndObject();
        }
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, OutboundMessage.WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
