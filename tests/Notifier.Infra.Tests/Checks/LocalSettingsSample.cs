using System.Text.Json;

namespace Notifier.Infra.Tests.Checks;

/// <summary>The <c>Values</c> of local.settings.sample.json: every setting the app reads, with a local value.</summary>
internal static class LocalSettingsSample
{
    public const string RelativePath = "local.settings.sample.json";

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static IReadOnlyList<KeyValuePair<string, string>> Read() => Parse(Repository.ReadText(RelativePath));

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string json)
    {
        using var document = JsonDocument.Parse(json, Options);
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{RelativePath} has no \"Values\" object.");
        }

        return values.EnumerateObject()
            .Select(p => new KeyValuePair<string, string>(
                p.Name,
                p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))
            .ToList();
    }
}
