using System.Text.Json;
using Notifier.Core.Identifiers;
using Notifier.Core.Text;

namespace Notifier.Functions.Inbox;

/// <summary>Parses <c>{ "ids": [ … ] }</c> and, where allowed, <c>{ "all": true }</c>.</summary>
internal static class IdsRequest
{
    public static (IReadOnlyList<string> Ids, bool All, string? Field, string? Message) Parse(ReadOnlyMemory<byte> body, bool allowAll, int maxIds)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (JsonStrings.FindMalformed(body.Span) is { } malformed)
            {
                return ([], false, malformed, JsonStrings.MalformedMessage);
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ([], false, "body", "must be a JSON object with 'ids'.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not "ids" && !(allowAll && property.Name == "all"))
                {
                    return ([], false, property.Name, "is not a field of this request.");
                }
            }

            if (allowAll && root.TryGetProperty("all", out var all))
            {
                if (all.ValueKind != JsonValueKind.True)
                {
                    return ([], false, "all", "must be true when present.");
                }

                return root.TryGetProperty("ids", out _) ? ([], false, "ids", "cannot be combined with 'all'.") : ([], true, null, null);
            }

            if (!root.TryGetProperty("ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                return ([], false, "ids", allowAll ? "is required: an array of notification ids (or send \"all\": true)." : "is required: an array of notification ids.");
            }

            var count = ids.GetArrayLength();
            if (count == 0 || count > maxIds)
            {
                return ([], false, "ids", $"must hold 1 to {maxIds} ids.");
            }

            var result = new List<string>(count);
            var index = 0;
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind != JsonValueKind.String || !Identifier.IsValid(id.GetString()))
                {
                    return ([], false, $"ids[{index}]", Identifier.Rule + ".");
                }

                result.Add(id.GetString()!);
                index++;
            }

            return (result, false, null, null);
        }
        catch (JsonException)
        {
            return ([], false, "body", "is not valid JSON.");
        }
    }
}
