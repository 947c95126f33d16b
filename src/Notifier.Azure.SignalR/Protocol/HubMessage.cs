using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>
/// What a hub protocol message says about itself: its type, invocation id and target, and for a close its error. The
/// arguments are left in the record, which is forwarded as it is.
/// </summary>
public sealed class HubMessage
{
    private HubMessage(HubMessageType type, string? invocationId, string? target, bool hasStreamIds, string? error, bool allowReconnect)
    {
        Type = type;
        InvocationId = invocationId;
        Target = target;
        HasStreamIds = hasStreamIds;
        Error = error;
        AllowReconnect = allowReconnect;
    }

    /// <summary>The message type; <see cref="HubMessageType.None"/> for a type this library does not know.</summary>
    public HubMessageType Type { get; }

    /// <summary>The invocation id; null for a fire-and-forget invocation.</summary>
    public string? InvocationId { get; }

    /// <summary>The method an invocation calls.</summary>
    public string? Target { get; }

    /// <summary>True when an invocation streams arguments from the client (<c>streamIds</c>).</summary>
    public bool HasStreamIds { get; }

    /// <summary>The error of a close, a completion or an upstream <c>disconnected</c> body.</summary>
    public string? Error { get; }

    /// <summary>Whether a close lets the client reconnect.</summary>
    public bool AllowReconnect { get; }

    /// <summary>
    /// Reads a record (without its separator). Property names are matched exactly, as the hub protocol requires, or
    /// case-insensitively for upstream bodies (<paramref name="ignoreCase"/>), which some senders capitalise.
    /// </summary>
    public static bool TryParse(ReadOnlySequence<byte> record, bool ignoreCase, [NotNullWhen(true)] out HubMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        int? type = null;
        string? invocationId = null, target = null, closeError = null;
        bool hasStreamIds = false, allowReconnect = false, hasArguments = false;
        try
        {
            var reader = new Utf8JsonReader(record);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "A hub message must be a JSON object.";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Name(ref reader, ignoreCase);
                reader.Read();
                switch (name)
                {
                    case "type" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var t):
                        type = t;
                        break;
                    case "invocationId" when reader.TokenType == JsonTokenType.String:
                        invocationId = reader.GetString();
                        break;
                    case "invocationId" when reader.TokenType == JsonTokenType.Null:
                        break;
                    case "target" when reader.TokenType == JsonTokenType.String:
                        target = reader.GetString();
                        break;
                    case "error" when reader.TokenType == JsonTokenType.String:
                        closeError = reader.GetString();
                        break;
                    case "allowReconnect" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        allowReconnect = reader.GetBoolean();
                        break;
                    case "arguments" when reader.TokenType == JsonTokenType.StartArray:
                        hasArguments = true;
                        reader.Skip();
                        break;
                    case "streamIds" when reader.TokenType == JsonTokenType.StartArray:
                        reader.Read();
                        hasStreamIds = reader.TokenType != JsonTokenType.EndArray;
                        if (hasStreamIds)
                        {
                            while (reader.TokenType != JsonTokenType.EndArray)
                            {
                                reader.Skip();
                                reader.Read();
                            }
                        }

                        break;
                    case "type" or "invocationId" or "target" or "error" or "allowReconnect" or "arguments" or "streamIds":
                        error = $"The hub message's '{name}' has the wrong JSON type.";
                        return false;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "A hub message must be one JSON object.";
                return false;
            }
        }
        catch (JsonException)
        {
            error = "The hub message is not valid JSON.";
            return false;
        }

        if (type is null)
        {
            error = "The hub message has no numeric 'type'.";
            return false;
        }

        var kind = Enum.IsDefined((HubMessageType)type.Value) ? (HubMessageType)type.Value : HubMessageType.None;
        if (kind is HubMessageType.Invocation or HubMessageType.StreamInvocation)
        {
            if (string.IsNullOrEmpty(target))
            {
                error = "An invocation needs a non-empty 'target'.";
                return false;
            }

            if (!hasArguments)
            {
                error = "An invocation needs an 'arguments' array.";
                return false;
            }
        }

        message = new HubMessage(kind, invocationId, target, hasStreamIds, closeError, allowReconnect);
        error = null;
        return true;
    }

    private static string? Name(ref Utf8JsonReader reader, bool ignoreCase)
    {
        var name = reader.GetString();
        if (!ignoreCase || name is null)
        {
            return name;
        }

        foreach (var known in KnownNames)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return name;
    }

    private static readonly string[] KnownNames = ["type", "invocationId", "target", "error", "allowReconnect", "arguments", "streamIds"];
}
