using System.Text.Json;
using Notifier.DevHost.Startup;

namespace Notifier.DevHost.Stack;

/// <summary>
/// The function app's settings as <c>func start</c> would give them: the <c>Values</c> of local.settings.sample.json,
/// then of local.settings.json when a developer has one, with <c>__</c> read as the section separator. Storage and
/// Web PubSub always point at the services this stack runs.
/// </summary>
internal static class FunctionAppSettings
{
    public const string UsersModeKey = "Notifier:Users:Mode";
    public const string FirstApiKeyKey = "Notifier:Publishers:ApiKeys:0:Key";

    public static Dictionary<string, string?> Load(RepositoryPaths repository, bool readLocalSettings, TextWriter console)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(repository.SampleSettings))
        {
            throw new StartupException($"{repository.SampleSettings} is missing: it holds the function app's local settings.");
        }

        Read(repository.SampleSettings, settings);
        if (readLocalSettings && File.Exists(repository.LocalSettings))
        {
            console.WriteLine("Using local.settings.json over local.settings.sample.json.");
            Read(repository.LocalSettings, settings);
        }

        return settings;
    }

    private static void Read(string path, Dictionary<string, string?> settings)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in values.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
                settings[property.Name.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }
        catch (JsonException ex)
        {
            throw new StartupException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }
}
