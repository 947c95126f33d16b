using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Upstream;

/// <summary>How user-event data travels to a handler and how its response comes back to the connection (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events).</summary>
internal static class UserEventBodies
{
    private static readonly MediaTypeHeaderValue TextContentType = new("text/plain") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeHeaderValue BinaryContentType = new("application/octet-stream");

    /// <summary>text → <c>text/plain; charset=utf-8</c>, json → <c>application/json</c>, binary → <c>application/octet-stream</c>.</summary>
    public static MediaTypeHeaderValue ContentTypeOf(MessageDataType dataType) => dataType switch
    {
        MessageDataType.Text => TextContentType,
        MessageDataType.Json => JsonContentType,
        _ => BinaryContentType,
    };

    /// <summary>
    /// The reply of a 2xx response: none for an empty body; otherwise by Content-Type, <c>application/octet-stream</c>
    /// or none ⇒ binary, <c>text/plain</c> ⇒ text, <c>application/json</c> ⇒ json. Other types, text that is not
    /// UTF-8 and JSON that does not parse are refused, with the reason.
    /// </summary>
    public static bool TryCreateReply(byte[] body, MediaTypeHeaderValue? contentType, out OutboundMessage? reply, [NotNullWhen(false)] out string? error)
    {
        reply = null;
        error = null;
        if (body.Length == 0)
        {
            return true;
        }

        var mediaType = contentType?.MediaType;
        if (mediaType is null || mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            reply = OutboundMessage.FromServer(MessageDataType.Binary, body);
            return true;
        }

        if (mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryGetUtf8(body, contentType!.CharSet, out var utf8, out error))
            {
                return false;
            }

            if (mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                reply = OutboundMessage.FromServer(MessageDataType.Text, utf8);
                return true;
            }

            // JSON clients get the body embedded as a JSON value, so it has to be one.
            if (!IsJsonValue(utf8))
            {
                error = "the handler's application/json response is not a valid JSON value";
                return false;
            }

            reply = OutboundMessage.FromServer(MessageDataType.Json, utf8);
            return true;
        }

        error = $"the handler's response Content-Type '{contentType}' is not text/plain, application/json or application/octet-stream";
        return false;
    }

    private static bool TryGetUtf8(byte[] body, string? charset, out byte[] utf8, [NotNullWhen(false)] out string? error)
    {
        error = null;
        utf8 = body;
        var name = charset?.Trim('"', ' ');
        if (string.IsNullOrEmpty(name) || name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            if (Utf8.IsValid(body))
            {
                return true;
            }

            error = "the handler's text response is not valid UTF-8";
            return false;
        }

        try
        {
            utf8 = Encoding.UTF8.GetBytes(Encoding.GetEncoding(name).GetString(body));
            return true;
        }
        catch (ArgumentException)
        {
            error = $"the handler's response charset '{name}' is not supported";
            return false;
        }
    }

    private static bool IsJsonValue(byte[] utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
