using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Notifier.Emulator.Protocols;

/// <summary>
/// One message on its way to many connections. It is encoded once per wire form and the same bytes are handed to
/// every connection: raw clients get <see cref="Data"/>, JSON clients the envelope in <see cref="Json"/>, and reliable
/// clients the same envelope with a per-connection <c>sequenceId</c> written in front of it.
/// </summary>
internal sealed class OutboundMessage
{
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private byte[]? _json;

    private OutboundMessage(MessageDataType dataType, ReadOnlyMemory<byte> data, string? group, string? fromUserId)
    {
        DataType = dataType;
        Data = data;
        Group = group;
        FromUserId = fromUserId;
    }

    public MessageDataType DataType { get; }

    /// <summary>The message bytes: UTF-8 text, UTF-8 JSON text, or binary.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The group it was sent to, for <c>from: "group"</c> messages; null for server messages.</summary>
    public string? Group { get; }

    /// <summary>The publishing client's user id, for client publishes to a group.</summary>
    public string? FromUserId { get; }

    /// <summary>Raw clients get binary frames for binary data and text frames for text and JSON.</summary>
    public bool IsBinaryFrame => DataType == MessageDataType.Binary;

    /// <summary>The <c>{"type":"message",…}</c> envelope of JSON clients, encoded on first use.</summary>
    public ReadOnlyMemory<byte> Json => _json ??= EncodeJson();

    /// <summary>A message from the server (REST sends, event-handler responses).</summary>
    public static OutboundMessage FromServer(MessageDataType dataType, ReadOnlyMemory<byte> data) =>
        new(dataType, data, null, null);

    /// <summary>A message to a group, from the REST API (no user) or from a client.</summary>
    public static OutboundMessage FromGroup(string group, string? fromUserId, MessageDataType dataType, ReadOnlyMemory<byte> data) =>
        new(dataType, data, group, fromUserId);

    private byte[] EncodeJson()
    {
        var buffer = new ArrayBufferWriter<byte>(Data.Length + 96);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "message"u8);
            if (Group is null)
            {
                writer.WriteString("from"u8, "server"u8);
            }
            else
            {
                writer.WriteString("from"u8, "group"u8);
                writer.WriteString("group"u8, Group);
                if (FromUserId is not null)
                {
                    writer.WriteString("fromUserId"u8, FromUserId);
                }
            }

            switch (DataType)
            {
                case MessageDataType.Text:
                    writer.WriteString("dataType"u8, "text"u8);
                    writer.WriteString("data"u8, Data.Span);
                    break;
                case MessageDataType.Json:
                    writer.WriteString("dataType"u8, "json"u8);
                    writer.WritePropertyName("data"u8);
                    writer.WriteRawValue(Data.Span, skipInputValidation: true);
                    break;
                default:
                    writer.WriteString("dataType"u8, "binary"u8);
                    writer.WriteBase64String("data"u8, Data.Span);
                    break;
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
