using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace Notifier.Azure.Storage.Tables;

/// <summary>Entity JSON in the OData v3 "minimal metadata" dialect of the Table service.</summary>
/// <remarks>
/// Writes annotate every type the service cannot infer from JSON (Int64, Double, DateTime, Guid, Binary); doubles are
/// always annotated because an integral double such as 2.0 would otherwise be stored as Edm.Int32.
/// Reads honour <c>@odata.type</c> annotations and fall back to JSON inference, which matches what the service sends
/// with <c>Accept: application/json;odata=minimalmetadata</c>.
/// </remarks>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";
    private const string DateTimeFormat = "yyyy-MM-ddTHH:mm:ss.fffffffZ";

    public static void Write(Utf8JsonWriter writer, TableEntityRecord entity)
    {
        writer.WriteStartObject();
        writer.WriteString("PartitionKey", entity.PartitionKey);
        writer.WriteString("RowKey", entity.RowKey);
        foreach (var (name, value) in entity)
        {
            WriteProperty(writer, name, value);
        }

        writer.WriteEndObject();
    }

    public static ReadOnlyMemory<byte> Serialize(TableEntityRecord entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entity);
        }

        return buffer.WrittenMemory;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                // The service has no null; omitting the property is how "no value" is expressed.
                break;
            case string s:
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                // Edm.Int64 travels as a string: JSON numbers lose precision above 2^53 in many readers.
                writer.WriteString(name + TypeSuffix, TableEdmType.Int64);
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.WriteString(name + TypeSuffix, TableEdmType.Double);
                if (double.IsFinite(d))
                {
                    writer.WriteNumber(name, d);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case DateTimeOffset dto:
                writer.WriteString(name + TypeSuffix, TableEdmType.DateTime);
                writer.WriteString(name, dto.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture));
                break;
            case Guid g:
                writer.WriteString(name + TypeSuffix, TableEdmType.Guid);
                writer.WriteString(name, g);
                break;
            case BinaryData data:
                writer.WriteString(name + TypeSuffix, TableEdmType.Binary);
                writer.WriteBase64String(name, data.ToMemory().Span);
                break;
            default:
                // TableEntityRecord normalizes values on the way in, so this means a bug, not bad input.
                throw new InvalidOperationException($"Property '{name}' has unsupported type {value.GetType().Name}.");
        }
    }

    public static TableEntityRecord Read(JsonElement element)
    {
        var entity = new TableEntityRecord();
        Dictionary<string, string>? types = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
            {
                types ??= new Dictionary<string, string>(StringComparer.Ordinal);
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            switch (name)
            {
                case "PartitionKey":
                    entity.PartitionKey = value.GetString() ?? string.Empty;
                    continue;
                case "RowKey":
                    entity.RowKey = value.GetString() ?? string.Empty;
                    continue;
                case "Timestamp":
                    entity.Timestamp = ParseDateTime(value.GetString()!);
                    continue;
                case "odata.etag":
                    entity.ETag = new ETag(value.GetString()!);
                    continue;
            }

            if (name.StartsWith("odata.", StringComparison.Ordinal) || name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            string? type = null;
            types?.TryGetValue(name, out type);
            entity.SetFromService(name, ReadValue(value, type));
        }

        return entity;
    }

    private static object? ReadValue(JsonElement value, string? type)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return type switch
        {
            TableEdmType.Int64 => value.ValueKind == JsonValueKind.String
                ? long.Parse(value.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture)
                : value.GetInt64(),
            TableEdmType.Int32 => value.ValueKind == JsonValueKind.String
                ? int.Parse(value.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture)
                : value.GetInt32(),
            TableEdmType.Double => value.ValueKind == JsonValueKind.String ? ParseSpecialDouble(value.GetString()!) : value.GetDouble(),
            TableEdmType.DateTime => ParseDateTime(value.GetString()!),
            TableEdmType.Guid => value.GetGuid(),
            TableEdmType.Binary => new BinaryData(value.GetBytesFromBase64()),
            TableEdmType.Boolean => value.ValueKind == JsonValueKind.String ? bool.Parse(value.GetString()!) : value.GetBoolean(),
            TableEdmType.String => value.GetString(),
            _ => Infer(value),
        };
    }

    private static object? Infer(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when IsIntegerLiteral(value) && value.TryGetInt32(out var i) => i,
        JsonValueKind.Number when IsIntegerLiteral(value) && value.TryGetInt64(out var l) => l,
        JsonValueKind.Number => value.GetDouble(),
        _ => value.GetRawText(),
    };

    private static bool IsIntegerLiteral(JsonElement value) => value.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    private static double ParseSpecialDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "INF" => double.PositiveInfinity,
        "-Infinity" or "-INF" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
