using System.Buffers;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// The <c>ce-connectionState</c> format of the .NET Web PubSub SDK (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events): base64 of a UTF-8 JSON object whose
/// property values are the base64 of each entry's bytes, for example <c>{"counter":"MQ=="}</c>.
/// </summary>
/// <remarks>
/// The JavaScript SDK stores plain JSON values instead; such headers fail to decode here and are rejected.
/// </remarks>
internal static class ConnectionStateCodec
{
    // State lives in an HTTP header; Kestrel caps all request headers at 32 KiB, so 64 KiB is generous.
    private const int MaxHeaderLength = 64 * 1024;

    public static bool TryDecode(string? headerValue, [NotNullWhen(true)] out IReadOnlyDictionary<string, BinaryData>? states)
    {
        states = null;
        if (string.IsNullOrEmpty(headerValue))
        {
            states = ReadOnlyDictionary<string, BinaryData>.Empty;
            return true;
        }

        if (headerValue.Length > MaxHeaderLength)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(headerValue.Length * 3 / 4 + 3);
        try
        {
            if (!Convert.TryFromBase64String(headerValue, buffer, out var written))
            {
                return false;
            }

            return TryReadObject(buffer.AsSpan(0, written), out states);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string Encode(IReadOnlyDictionary<string, BinaryData> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in states)
            {
                writer.WriteBase64String(key, value.ToMemory().Span);
            }

            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.WrittenSpan);
    }

    private static bool TryReadObject(ReadOnlySpan<byte> json, [NotNullWhen(true)] out IReadOnlyDictionary<string, BinaryData>? states)
    {
        states = null;
        var result = new Dictionary<string, BinaryData>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out var value))
                {
                    return false;
                }

                result[key] = BinaryData.FromBytes(value);
            }

            // The loop stops at the object's end; anything after it makes the reader throw.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: GetString() found invalid UTF-8 in a key.
            return false;
        }

        states = result;
        return true;
    }
}
