using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.DataPlane;

/// <summary>
/// Reads REST bodies once, into one exactly sized array that the outbound message then owns, and never buffers more
/// than the size limit: a declared Content-Length over it is refused before reading, and a chunked body is read only
/// until it passes the limit.
/// </summary>
internal static class MessageBodyReader
{
    private const int ChunkedInitialBuffer = 16 * 1024;

    /// <summary>Reads a message to send: content type to data type, size limit, JSON and UTF-8 validity.</summary>
    public static async Task<(MessageBody? Body, DataPlaneError? Error)> ReadMessageAsync(HttpRequest request, int maxSize, CancellationToken cancellationToken)
    {
        if (!TryGetDataType(request.ContentType, out var dataType))
        {
            return (null, DataPlaneError.UnsupportedMediaType(
                $"The content type '{request.ContentType}' is not supported; use text/plain, application/json or application/octet-stream."));
        }

        var data = await ReadBoundedAsync(request, maxSize, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            return (null, DataPlaneError.PayloadTooLarge(maxSize));
        }

        // Both are checked here, before anything is sent: JSON clients get the bytes spliced into their envelopes.
        if (dataType == MessageDataType.Json && !IsJson(data))
        {
            return (null, DataPlaneError.BadRequest("Request", "The body is not valid JSON, which the content type application/json requires."));
        }

        if (dataType == MessageDataType.Text && !Utf8.IsValid(data))
        {
            return (null, DataPlaneError.BadRequest("Request", "The text/plain body is not valid UTF-8."));
        }

        return (new MessageBody(dataType, data), null);
    }

    /// <summary>Reads a JSON request body (bulk group operations): 415 for another content type, 413 over the limit.</summary>
    public static async Task<(byte[]? Body, DataPlaneError? Error)> ReadJsonAsync(HttpRequest request, int maxSize, CancellationToken cancellationToken)
    {
        if (!TryGetDataType(request.ContentType, out var dataType) || dataType != MessageDataType.Json)
        {
            return (null, DataPlaneError.UnsupportedMediaType($"The content type '{request.ContentType}' is not supported; use application/json."));
        }

        var data = await ReadBoundedAsync(request, maxSize, cancellationToken).ConfigureAwait(false);
        return data is null ? (null, DataPlaneError.PayloadTooLarge(maxSize)) : (data, null);
    }

    /// <summary>text/plain, application/json and application/octet-stream, with any parameters (charset=...).</summary>
    public static bool TryGetDataType(string? contentType, out MessageDataType dataType)
    {
        dataType = default;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var type = mediaType.MediaType;
        if (type.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            dataType = MessageDataType.Text;
        }
        else if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            dataType = MessageDataType.Json;
        }
        else if (type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            dataType = MessageDataType.Binary;
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>One JSON value, nothing after it. A reader pass validates without building a document.</summary>
    public static bool IsJson(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The body, or null when it is larger than <paramref name="maxSize"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int maxSize, CancellationToken cancellationToken)
    {
        if (request.ContentLength is long declared)
        {
            if (declared > maxSize)
            {
                return null;
            }

            var exact = new byte[declared];
            await request.Body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }

        // Chunked: grow a pooled buffer up to one byte past the limit, which is enough to know the body is too large.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ChunkedInitialBuffer, maxSize + 1));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxSize + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxSize + 1) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > maxSize)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
