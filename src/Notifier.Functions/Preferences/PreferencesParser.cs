using System.Text.Json;
using Notifier.Core.Identifiers;
using Notifier.Core.Preferences;
using Notifier.Core.Text;

namespace Notifier.Functions.Preferences;

/// <summary>Reads <c>{ "muted": { "types": [ … ], "groups": [ … ] } }</c>, naming the field of the first error.</summary>
internal static class PreferencesParser
{
    public static (UserPreferences? Preferences, string? Field, string? Message) Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (JsonStrings.FindMalformed(body.Span) is { } malformed)
            {
                return (null, malformed, JsonStrings.MalformedMessage);
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "body", "must be a JSON object with 'muted'.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != "muted")
                {
                    return (null, property.Name, "is not a field of preferences.");
                }
            }

            if (!root.TryGetProperty("muted", out var muted) || muted.ValueKind != JsonValueKind.Object)
            {
                return (null, "muted", "is required: an object with 'types' and 'groups'.");
            }

            foreach (var property in muted.EnumerateObject())
            {
                if (property.Name is not ("types" or "groups"))
                {
                    return (null, "muted." + property.Name, "is not a field of muted.");
                }
            }

            var (types, typeField, typeMessage) = ReadList(muted, "types");
            if (typeField is not null)
            {
                return (null, typeField, typeMessage);
            }

            var (groups, groupField, groupMessage) = ReadList(muted, "groups");
            return groupField is not null ? (null, groupField, groupMessage) : (new UserPreferences(types!, groups!), null, null);
        }
        catch (JsonException)
        {
            return (null, "body", "is not valid JSON.");
        }
    }

    private static (string[]? Values, string? Field, string? Message) ReadList(JsonElement muted, string name)
    {
        if (!muted.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return ([], null, null);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return (null, "muted." + name, "must be an array.");
        }

        if (list.GetArrayLength() > UserPreferences.MaxMutes)
        {
            return (null, "muted." + name, $"may hold at most {UserPreferences.MaxMutes} entries.");
        }

        var values = new SortedSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Identifier.IsValid(item.GetString()))
            {
                return (null, $"muted.{name}[{index}]", Identifier.Rule + ".");
            }

            values.Add(item.GetString()!);
            index++;
        }

        return ([.. values], null, null);
    }
}
