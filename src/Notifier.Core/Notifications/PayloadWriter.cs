using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Notifier.Core.Envelopes;

namespace Notifier.Core.Notifications;

/// <summary>Writes a notification's payload: its id, time and sender followed by the validated content, copied as bytes.</summary>
public static class PayloadWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the payload.</summary>
    /// <param name="id">The notification id.</param>
    /// <param name="createdAt">When it was accepted.</param>
    /// <param name="sender">The sending user, if any.</param>
    /// <param name="content">The content object from <see cref="NotificationRequest.Content"/>.</param>
    /// <returns>The payload JSON.</returns>
    public static byte[] Write(string id, DateTimeOffset createdAt, string? sender, ReadOnlySpan<byte> content)
    {
        if (content.Length < 2 || content[0] != (byte)'{' || content[^1] != (byte)'}')
        {
            throw new ArgumentException("The content must be a JSON object.", nameof(content));
        }

        var buffer = new ArrayBufferWriter<byte>(content.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("createdAt", EnvelopeWriter.Format(createdAt));
            if (sender is not null)
            {
                writer.WriteString("sender", sender);
            }

            writer.Flush();
        }

        // The content's own properties follow the ones written above: drop its opening brace, keep its closing one.
        var inner = content[1..];
        var empty = inner.Length == 1;
        var span = buffer.GetSpan(inner.Length + 1);
        var written = 0;
        if (!empty)
        {
            span[written++] = (byte)',';
        }

        inner.CopyTo(span[written..]);
        buffer.Advance(written + inner.Length);
        return buffer.WrittenSpan.ToArray();
    }
}
