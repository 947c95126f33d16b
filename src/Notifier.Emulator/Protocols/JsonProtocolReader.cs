using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Protocols;

/// <summary>Reads the client → service messages of <c>json.webpubsub.azure.v1</c> and its reliable variant.</summary>
internal static partial class JsonProtocolReader
{
    public static ClientMessageParseStatus Read(ReadOnlyMemory<byte> frame, out ClientMessage? message, out ulong? ackId, out string? error)
    {
        message = null;
        ackId = null;
        try
        {
            using var document = JsonDocument.Parse(frame);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Malformed("A client message must be a JSON object.", out error);
            }

            if (!root.TryGetProperty("type"u8, out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return Malformed("A client message needs a string 'type'.", out error);
            }

            if (root.TryGetProperty("ackId"u8, out var ackElement))
            {
                if (ackElement.ValueKind != JsonValueKind.Number || !ackElement.TryGetUInt64(out var ack))
                {
                    return Malformed("'ackId' must be a non-negative integer.", out error);
                }

                ackId = ack;
            }

            var type = typeElement.GetString();
            switch (type)
            {
                case "joinGroup":
                case "leaveGroup":
                {
                    var status = ReadGroup(root, out var group, out error);
                    if (status == ClientMessageParseStatus.Ok)
                    {
                        message = new ClientMessage { Type = type == "joinGroup" ? ClientMessageType.JoinGroup : ClientMessageType.LeaveGroup, Group = group, AckId = ackId };
                    }

                    return status;
                }

                case "sendToGroup":
                {
                    var status = ReadGroup(root, out var group, out error);
                    if (status == ClientMessageParseStatus.Malformed)
                    {
                        return status;
                    }

                    var noEcho = false;
                    if (root.TryGetProperty("noEcho"u8, out var noEchoElement))
                    {
                        if (noEchoElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                        {
                            return Malformed("'noEcho' must be true or false.", out error);
                        }

                        noEcho = noEchoElement.GetBoolean();
                    }

                    if (!TryReadData(root, out var dataType, out var data, out var dataError))
                    {
                        return Malformed(dataError, out error);
                    }

                    if (status == ClientMessageParseStatus.Invalid)
                    {
                        return status;
                    }

                    message = new ClientMessage { Type = ClientMessageType.SendToGroup, Group = group, AckId = ackId, NoEcho = noEcho, DataType = dataType, Data = data };
                    return ClientMessageParseStatus.Ok;
                }

                case "event":
                {
                    if (!root.TryGetProperty("event"u8, out var eventElement) || eventElement.ValueKind != JsonValueKind.String)
                    {
                        return Malformed("An 'event' message needs a string 'event'.", out error);
                    }

                    if (!TryReadData(root, out var dataType, out var data, out var dataError))
                    {
                        return Malformed(dataError, out error);
                    }

                    var eventName = eventElement.GetString()!;
                    if (!EventNamePattern().IsMatch(eventName))
                    {
                        error = $"'{eventName}' is not a valid event name: a letter, then up to 127 letters, digits or _ . -";
                        return ClientMessageParseStatus.Invalid;
                    }

                    message = new ClientMessage { Type = ClientMessageType.Event, Event = eventName, AckId = ackId, DataType = dataType, Data = data };
                    error = null;
                    return ClientMessageParseStatus.Ok;
                }

                case "sequenceAck":
                {
                    if (!root.TryGetProperty("sequenceId"u8, out var sequenceElement) || !TryReadUInt64(sequenceElement, out var sequenceId))
                    {
                        return Malformed("A 'sequenceAck' message needs a non-negative integer 'sequenceId'.", out error);
                    }

                    message = new ClientMessage { Type = ClientMessageType.SequenceAck, SequenceId = sequenceId };
                    error = null;
                    return ClientMessageParseStatus.Ok;
                }

                case "ping":
                    message = new ClientMessage { Type = ClientMessageType.Ping };
                    error = null;
                    return ClientMessageParseStatus.Ok;

                default:
                    return Malformed($"Unknown message type '{type}'.", out error);
            }
        }
        catch (JsonException)
        {
            return Malformed("The client message is not valid JSON.", out error);
        }
    }

    private static ClientMessageParseStatus ReadGroup(JsonElement root, out string? group, out string? error)
    {
        group = null;
        if (!root.TryGetProperty("group"u8, out var groupElement) || groupElement.ValueKind != JsonValueKind.String)
        {
            return Malformed("The message needs a string 'group'.", out error);
        }

        group = groupElement.GetString()!;
        if (!WebPubSubNames.IsValidGroup(group))
        {
            error = "A group name must have 1 to 1,024 characters and not be only whitespace.";
            return ClientMessageParseStatus.Invalid;
        }

        error = null;
        return ClientMessageParseStatus.Ok;
    }

    private static bool TryReadData(JsonElement root, out MessageDataType dataType, out ReadOnlyMemory<byte> data, out string error)
    {
        dataType = MessageDataType.Json;
        data = default;
        error = string.Empty;
        if (root.TryGetProperty("dataType"u8, out var typeElement))
        {
            switch (typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString()!.ToLowerInvariant() : null)
            {
                case "json":
                    dataType = MessageDataType.Json;
                    break;
                case "text":
                    dataType = MessageDataType.Text;
                    break;
                case "binary":
                    dataType = MessageDataType.Binary;
                    break;
                default:
                    error = "'dataType' must be json, text or binary.";
                    return false;
            }
        }

        if (!root.TryGetProperty("data"u8, out var dataElement))
        {
            error = "The message needs 'data'.";
            return false;
        }

        switch (dataType)
        {
            case MessageDataType.Json:
                if (dataElement.ValueKind == JsonValueKind.Null)
                {
                    error = "JSON 'data' may not be null.";
                    return false;
                }

                data = JsonMarshal.GetRawUtf8Value(dataElement).ToArray();
                return true;
            case MessageDataType.Text:
                if (dataElement.ValueKind != JsonValueKind.String)
                {
                    error = "Text 'data' must be a string.";
                    return false;
                }

                data = Encoding.UTF8.GetBytes(dataElement.GetString()!);
                return true;
            default:
                if (dataElement.ValueKind != JsonValueKind.String || !dataElement.TryGetBytesFromBase64(out var bytes))
                {
                    error = "Binary 'data' must be a base64 string.";
                    return false;
                }

                data = bytes;
                return true;
        }
    }

    private static bool TryReadUInt64(JsonElement element, out ulong value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetUInt64(out value),
            JsonValueKind.String => ulong.TryParse(element.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private static ClientMessageParseStatus Malformed(string message, out string error)
    {
        error = message;
        return ClientMessageParseStatus.Malformed;
    }

    [GeneratedRegex("^[a-z][a-z0-9_.-]{0,127}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EventNamePattern();
}
