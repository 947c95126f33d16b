using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Http;

/// <summary>Writes <see cref="RawJson"/> as it is. The app only answers with it; reading it is not a contract.</summary>
internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(JsonSerializer.SerializeToUtf8Bytes(document.RootElement, HttpJsonContext.Default.JsonElement));
    }

    // Stored payloads were written by the app and validated then; checking them again on every page is the work this saves.
    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
}
