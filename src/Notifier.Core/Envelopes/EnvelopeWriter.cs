using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Notifier.Core.Identifiers;

namespace Notifier.Core.Envelopes;

/// <summary>
/// Writes the envelopes pushed to clients, <c>{ type, messageId, timestamp, payload }</c>, once per push; the bytes go
/// unchanged to every connection. Stored payloads are copied in as raw JSON, never re-parsed.
/// </summary>
public sealed class EnvelopeWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SortableIdGenerator _ids;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a writer.</summary>
    /// <param name="ids">Makes message ids.</param>
    /// <param name="timeProvider">The clock for timestamps.</param>
    public EnvelopeWriter(SortableIdGenerator ids, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _ids = ids;
        _timeProvider = timeProvider;
    }

    /// <summary>Writes a <c>notification</c> envelope.</summary>
    /// <param name="payload">The stored payload JSON.</param>
    /// <param name="sequence">The recipient's inbox sequence, when the push goes to exactly one user.</param>
    /// <returns>The envelope bytes.</returns>
    public byte[] Notification(ReadOnlyMemory<byte> payload, long? sequence) => Write(EnvelopeTypes.Notification, sequence, writer =>
        writer.WriteRawValue(payload.Span, skipInputValidation: true));

    /// <summary>Writes a <c>read</c> envelope: these ids were read on another device.</summary>
    /// <param name="ids">The notification ids.</param>
    /// <param name="readAt">When.</param>
    /// <returns>The envelope bytes.</returns>
    public byte[] Read(IEnumerable<string> ids, DateTimeOffset readAt) => Changed(EnvelopeTypes.Read, ids, "readAt", readAt);

    /// <summary>Writes the envelope that tells a user's other devices about a change to their inbox (<c>read</c>, <c>unread</c>, <c>archived</c>, <c>unarchived</c>, <c>deleted</c>): <c>{ ids, [timeField] }</c>.</summary>
    /// <param name="type">The envelope type (<see cref="EnvelopeTypes"/>).</param>
    /// <param name="ids">The notification ids it changed.</param>
    /// <param name="timeField">The name of the time to write (<c>readAt</c>, <c>archivedAt</c>), or <see langword="null"/>.</param>
    /// <param name="at">When.</param>
    /// <returns>The envelope bytes.</returns>
    public byte[] Changed(string type, IEnumerable<string> ids, string? timeField, DateTimeOffset at)
    {
        return Write(type, null, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("ids");
            foreach (var id in ids)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            if (timeField is not null)
            {
                writer.WriteString(timeField, Format(at));
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>Writes a <c>preferences</c> envelope: the user's preferences as another device just set them.</summary>
    /// <param name="mutedTypes">The muted notification types.</param>
    /// <param name="mutedGroups">The muted groups.</param>
    /// <returns>The envelope bytes.</returns>
    public byte[] Preferences(IReadOnlyList<string> mutedTypes, IReadOnlyList<string> mutedGroups)
    {
        ArgumentNullException.ThrowIfNull(mutedTypes);
        ArgumentNullException.ThrowIfNull(mutedGroups);
        return Write(EnvelopeTypes.Preferences, null, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("muted");
            writer.WriteStartArray("types");
            foreach (var type in mutedTypes)
            {
                writer.WriteStringValue(type);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("groups");
            foreach (var group in mutedGroups)
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes a <c>receipt</c> envelope for the sender of a notification.</summary>
    /// <param name="notificationId">The notification.</param>
    /// <param name="userId">The recipient who read it.</param>
    /// <param name="readAt">When.</param>
    /// <returns>The envelope bytes.</returns>
    public byte[] Receipt(string notificationId, string userId, DateTimeOffset readAt) => Write(EnvelopeTypes.Receipt, null, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("id", notificationId);
        writer.WriteString("userId", userId);
        writer.WriteString("readAt", Format(readAt));
        writer.WriteEndObject();
    });

    /// <summary>Formats a time the way every Notifier JSON document does: UTC, ISO 8601, milliseconds.</summary>
    /// <param name="value">The time.</param>
    /// <returns>The text.</returns>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private byte[] Write(string type, long? sequence, Action<Utf8JsonWriter> payload)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("messageId", _ids.Next());
            writer.WriteString("timestamp", Format(_timeProvider.GetUtcNow()));
            if (sequence is { } s)
            {
                writer.WriteNumber("sequence", s);
            }

            writer.WritePropertyName("payload");
            payload(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
