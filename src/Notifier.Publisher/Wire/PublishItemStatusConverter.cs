using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Publisher.Wire;

/// <summary>Reads and writes <see cref="PublishItemStatus"/> as its string.</summary>
internal sealed class PublishItemStatusConverter : JsonConverter<PublishItemStatus>
{
    public override PublishItemStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A batch item's status is null."));

    public override void Write(Utf8JsonWriter writer, PublishItemStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
