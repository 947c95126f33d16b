using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>The client's first message, <c>{"protocol":"json","version":1}</c>.</summary>
public sealed class HandshakeRequest
{
    /// <summary>The JSON hub protocol's name.</summary>
    public const string JsonProtocol = "json";

    /// <summary>The MessagePack hub protocol's name.</summary>
    public const string MessagePackProtocol = "messagepack";

    private HandshakeRequest(string protocol, int version)
    {
        Protocol = protocol;
        Version = version;
    }

    /// <summary>The protocol the client asks for.</summary>
    public string Protocol { get; }

    /// <summary>The protocol version the client asks for.</summary>
    public int Version { get; }

    /// <summary>Parses a handshake record (without its separator).</summary>
    public static bool TryParse(ReadOnlySpan<byte> record, [NotNullWhen(true)] out HandshakeRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        string? protocol = null;
        int? version = null;
        try
        {
            var reader = new Utf8JsonReader(record);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "The handshake is not a JSON object.";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("protocol"u8))
                {
                    reader.Read();
                    protocol = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("version"u8))
                {
                    reader.Read();
                    version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) ? v : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            error = "The handshake is not valid JSON.";
            return false;
        }

        if (string.IsNullOrEmpty(protocol) || version is null)
        {
            error = "The handshake needs a 'protocol' string and a 'version' number.";
            return false;
        }

        request = new HandshakeRequest(protocol, version.Value);
        error = null;
        return true;
    }
}
