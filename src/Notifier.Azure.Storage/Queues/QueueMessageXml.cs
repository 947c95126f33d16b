using System.Globalization;
using System.Text;
using System.Xml;

namespace Notifier.Azure.Storage.Queues;

/// <summary>The XML bodies of the Queue REST API.</summary>
internal static class QueueMessageXml
{
    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        // Entitize keeps '\r' as &#xD; so text with CR/LF round-trips byte for byte.
        NewLineHandling = NewLineHandling.Entitize,
        CheckCharacters = true,
    };

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
    };

    /// <summary>Writes <c>&lt;QueueMessage&gt;&lt;MessageText&gt;…&lt;/MessageText&gt;&lt;/QueueMessage&gt;</c> around already-encoded text.</summary>
    /// <exception cref="ArgumentException">The text holds characters XML 1.0 cannot carry (use base64 encoding).</exception>
    public static ReadOnlyMemory<byte> WriteMessage(string messageText)
    {
        using var stream = new MemoryStream(messageText.Length + 96);
        try
        {
            using var writer = XmlWriter.Create(stream, WriterSettings);
            writer.WriteStartElement("QueueMessage");
            writer.WriteElementString("MessageText", messageText);
            writer.WriteEndElement();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(
                "The message text contains characters that XML cannot carry; send it with StorageQueueMessageEncoding.Base64.", nameof(messageText), ex);
        }

        return stream.GetBuffer().AsMemory(0, (int)stream.Length);
    }

    /// <summary>Reads every <c>QueueMessage</c> element of a <c>QueueMessagesList</c> as name/value pairs.</summary>
    public static List<Dictionary<string, string>> ReadMessages(BinaryData content)
    {
        var messages = new List<Dictionary<string, string>>();
        using var stream = content.ToStream();
        using var reader = XmlReader.Create(stream, ReaderSettings);
        Dictionary<string, string>? current = null;
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "QueueMessage")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                messages.Add(current);
                reader.Read();
                continue;
            }

            if (current is not null && reader.NodeType == XmlNodeType.Element && reader.Depth == 2)
            {
                // ReadElementContentAsString moves past the element itself.
                var name = reader.LocalName;
                current[name] = reader.ReadElementContentAsString();
                continue;
            }

            reader.Read();
        }

        return messages;
    }

    public static string Required(Dictionary<string, string> message, string name) =>
        message.TryGetValue(name, out var value)
            ? value
            : throw new FormatException($"The queue service response lacks <{name}>.");

    public static DateTimeOffset Time(Dictionary<string, string> message, string name) => ParseTime(Required(message, name));

    public static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.ParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static long Count(Dictionary<string, string> message, string name) =>
        long.Parse(Required(message, name), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
