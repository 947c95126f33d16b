using System.Buffers;
using System.Text.Json;
using Azure.Data.Tables;
using Notifier.Core.Notifications;

namespace Notifier.Functions.Storage;

/// <summary>
/// Stores recipient lists as JSON split over binary properties: a thousand 128-character user ids exceed one
/// property's 64 KiB, but not an entity's 1 MiB.
/// </summary>
internal static class RecipientsCodec
{
    private const int ChunkSize = 60_000;
    private const string Prefix = "Recipients";

    public static void Write(TableEntity entity, Recipients recipients)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("users");
            foreach (var user in recipients.Users)
            {
                writer.WriteStringValue(user);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("groups");
            foreach (var group in recipients.Groups)
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("all", recipients.All);
            writer.WriteEndObject();
        }

        var json = buffer.WrittenMemory;
        var index = 0;
        for (var offset = 0; offset < json.Length; offset += ChunkSize, index++)
        {
            entity[Prefix + index] = json.Slice(offset, Math.Min(ChunkSize, json.Length - offset)).ToArray();
        }
    }

    public static Recipients Read(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        for (var index = 0; entity.GetBinary(Prefix + index) is { } chunk; index++)
        {
            buffer.Write(chunk);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var root = document.RootElement;
        return new Recipients(
            [.. root.GetProperty("users").EnumerateArray().Select(e => e.GetString()!)],
            [.. root.GetProperty("groups").EnumerateArray().Select(e => e.GetString()!)],
            root.GetProperty("all").GetBoolean());
    }
}
