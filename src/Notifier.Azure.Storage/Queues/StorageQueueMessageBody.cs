using System.Text;

namespace Notifier.Azure.Storage.Queues;

/// <summary>Message content after decoding, shared by received and peeked messages.</summary>
internal readonly record struct StorageQueueMessageBody(string Text, BinaryData Bytes, bool IsDecoded)
{
    public static StorageQueueMessageBody Decode(string wireText, StorageQueueMessageEncoding encoding)
    {
        if (encoding == StorageQueueMessageEncoding.None)
        {
            return new(wireText, BinaryData.FromString(wireText), true);
        }

        var bytes = new byte[(wireText.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(wireText, bytes, out var written))
        {
            var decoded = new BinaryData(bytes.AsMemory(0, written));
            return new(Encoding.UTF8.GetString(bytes, 0, written), decoded, true);
        }

        // Not base64: hand back the raw text rather than failing the whole receive, which would hide the
        // other messages and keep redelivering this one.
        return new(wireText, BinaryData.FromString(wireText), false);
    }

    public static string Encode(ReadOnlySpan<byte> content, StorageQueueMessageEncoding encoding) =>
        encoding == StorageQueueMessageEncoding.Base64 ? Convert.ToBase64String(content) : Encoding.UTF8.GetString(content);
}
