using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.DataPlane;

namespace Notifier.Emulator.SignalR.DataPlane;

/// <summary>
/// Reads the body of a REST send, <c>{"target":…,"arguments":[…]}</c>, and turns it into the invocation record the
/// clients receive, written once for all of them.
/// </summary>
internal static class InvocationBodyReader
{
    /// <summary>The framed record, or the error to answer with.</summary>
    public static async Task<(byte[]? Record, DataPlaneError? Error)> ReadAsync(HttpRequest request, int maxSize, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, DataPlaneError.UnsupportedMediaType("Send a JSON body with Content-Type: application/json; the MessagePack body is not supported."));
        }

        if (request.ContentLength > maxSize)
        {
            return (null, DataPlaneError.PayloadTooLarge(maxSize));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxSize)
            {
                return (null, DataPlaneError.PayloadTooLarge(maxSize));
            }

            buffer.Write(chunk, 0, read);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException)
        {
            return (null, DataPlaneError.BadRequest("body", "The body is not valid JSON."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, DataPlaneError.BadRequest("body", "The body must be a JSON object {\"target\":…,\"arguments\":[…]}."));
            }

            if (!root.TryGetProperty("target", out var target) || target.ValueKind != JsonValueKind.String || target.GetString() is not { Length: > 0 } targetName)
            {
                return (null, DataPlaneError.BadRequest("target", "The body needs a non-empty 'target' string: the client method to call."));
            }

            var arguments = default(JsonElement);
            if (root.TryGetProperty("arguments", out var given) && given.ValueKind != JsonValueKind.Null)
            {
                if (given.ValueKind != JsonValueKind.Array)
                {
                    return (null, DataPlaneError.BadRequest("arguments", "'arguments' must be a JSON array."));
                }

                arguments = given;
            }

            return (HubMessageWriter.Invocation(targetName, arguments), null);
        }
    }
}
