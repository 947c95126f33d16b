using System.Text.Json;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// What <c>bicep snapshot</c> predicts a deployment of infra/main.bicep with one parameter file creates: every
/// resource, nested modules included, and the outputs.
/// </summary>
internal sealed class DeploymentSnapshot
{
    public const string AppSettingsType = "Microsoft.Web/sites/config";

    private DeploymentSnapshot(string description, IReadOnlyList<DeployedResource> resources, IReadOnlyDictionary<string, JsonElement> outputs)
    {
        Description = description;
        Resources = resources;
        Outputs = outputs;
    }

    /// <summary>Which parameter file the snapshot is of, for messages.</summary>
    public string Description { get; }

    public IReadOnlyList<DeployedResource> Resources { get; }

    public IReadOnlyDictionary<string, JsonElement> Outputs { get; }

    public static DeploymentSnapshot Parse(string description, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement.Clone();
        var resources = root.GetProperty("predictedResources").EnumerateArray()
            .Select(r => new DeployedResource(
                r.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "",
                r.GetProperty("type").GetString() ?? "",
                r.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
                r))
            .ToList();
        var outputs = root.TryGetProperty("outputs", out var o) && o.ValueKind == JsonValueKind.Object
            ? o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : [];
        return new DeploymentSnapshot(description, resources, outputs);
    }

    public IEnumerable<DeployedResource> OfType(string type) => Resources.Where(r => r.Is(type));

    /// <summary>The one resource of <paramref name="type"/>; fails with the snapshot named when there is not exactly one.</summary>
    public DeployedResource Single(string type)
    {
        var matches = OfType(type).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"{Description} deploys {matches.Count} resources of type {type}; expected one.");
    }

    /// <summary>The function app's settings: the properties of its <c>sites/config</c> resource named <c>appsettings</c>.</summary>
    public IReadOnlyList<InfraAppSetting> AppSettings =>
        OfType(AppSettingsType).SingleOrDefault(r => r.ShortName == "appsettings")?.At("properties") is { ValueKind: JsonValueKind.Object } properties
            ? properties.EnumerateObject()
                .Select(p => new InfraAppSetting(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))
                .ToList()
            : throw new InvalidOperationException($"{Description} deploys no {AppSettingsType} resource named 'appsettings'.");
}
