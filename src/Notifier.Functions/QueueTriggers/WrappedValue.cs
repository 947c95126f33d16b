using System.Globalization;
using System.Text.Json;

namespace Notifier.Functions.QueueTriggers;

/// <summary>
/// Reads values of the custom-handler wrapped protocol. The host serialises strings and numbers with
/// <c>JsonConvert.SerializeObject</c> before putting them in the JSON body, so a message <c>{"a":1}</c> arrives as
/// <c>"\"{\\\"a\\\":1}\""</c> and a dequeue count of 4 as <c>"4"</c>; the documentation shows them unwrapped. Both forms are accepted.
/// </summary>
internal static class WrappedValue
{
    public static string? AsString(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
                {
                    try
                    {
                        return JsonSerializer.Deserialize(text, TriggerJsonContext.Default.String);
                    }
                    catch (JsonException)
                    {
                        // Not JSON after all: a string that merely starts and ends with quotes.
                    }
                }

                return text;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                // An object or array: the host passed a POCO or JSON through as-is.
                return element.GetRawText();
        }
    }

    public static long? AsInt64(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(AsString(element), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    public static DateTimeOffset? AsTime(JsonElement element) =>
        AsString(element) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    public static JsonElement? Property(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
