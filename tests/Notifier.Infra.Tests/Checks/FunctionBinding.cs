using System.Text.Json;

namespace Notifier.Infra.Tests.Checks;

/// <summary>One binding of a function.json.</summary>
internal sealed record FunctionBinding(
    string FunctionName,
    string Type,
    string Direction,
    string? Connection,
    string? QueueName,
    string? TopicName)
{
    public const string FunctionsFolder = "src/Notifier.Functions/Functions";

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>The setting the binding reads: its <c>connection</c>, or the extension's default when it has none.</summary>
    public string? EffectiveConnection => Connection ?? DefaultConnection(Type);

    public bool UsesStorageQueue => Type.Equals("queueTrigger", StringComparison.OrdinalIgnoreCase)
        || Type.Equals("queue", StringComparison.OrdinalIgnoreCase);

    public bool UsesServiceBus => Type.StartsWith("serviceBus", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every binding of every Functions/*/function.json in the repository.</summary>
    public static IReadOnlyList<FunctionBinding> ReadAll()
    {
        var folder = Repository.FullPath(FunctionsFolder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{FunctionsFolder} does not exist.");
        }

        return Directory.EnumerateFiles(folder, "function.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(path => Parse(Path.GetFileName(Path.GetDirectoryName(path))!, File.ReadAllText(path)))
            .ToList();
    }

    public static IReadOnlyList<FunctionBinding> Parse(string functionName, string json)
    {
        using var document = JsonDocument.Parse(json, Options);
        if (!document.RootElement.TryGetProperty("bindings", out var bindings) || bindings.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{functionName}/function.json has no \"bindings\" array.");
        }

        return bindings.EnumerateArray()
            .Select(b => new FunctionBinding(
                functionName,
                Text(b, "type") ?? "",
                Text(b, "direction") ?? "",
                Text(b, "connection"),
                Text(b, "queueName"),
                Text(b, "topicName")))
            .ToList();
    }

    // Defaults of the extensions in bundle 4.x when a binding names no connection.
    private static string? DefaultConnection(string type) => type.ToUpperInvariant() switch
    {
        "QUEUETRIGGER" or "QUEUE" or "BLOBTRIGGER" or "BLOB" or "TABLE" => "AzureWebJobsStorage",
        "SERVICEBUSTRIGGER" or "SERVICEBUS" => "AzureWebJobsServiceBus",
        "WEBPUBSUB" or "WEBPUBSUBTRIGGER" or "WEBPUBSUBCONNECTION" or "WEBPUBSUBCONTEXT" => "WebPubSubConnectionString",
        _ => null,
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
