using System.Text.Json;

namespace Notifier.Infra.Tests.Checks;

/// <summary>An ARM template as <c>bicep build</c> writes it: modules are nested deployments with their own template.</summary>
internal static class CompiledTemplate
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    /// <summary>Every resource of <paramref name="template"/> and of the templates nested in it, with the name of the deployment it is in.</summary>
    public static IEnumerable<(string Where, JsonElement Resource)> Resources(JsonElement template, string where)
    {
        foreach (var resource in OwnResources(template))
        {
            yield return (where, resource);
            if (Nested(resource) is { } nested)
            {
                foreach (var inner in Resources(nested.Template, nested.Name))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The template of a module (a nested deployment) and its deployment name, or null for any other resource.</summary>
    public static (string Name, JsonElement Template)? Nested(JsonElement resource) =>
        resource.TryGetProperty("type", out var type)
        && string.Equals(type.GetString(), DeploymentType, StringComparison.OrdinalIgnoreCase)
        && resource.TryGetProperty("properties", out var properties)
        && properties.TryGetProperty("template", out var nested)
            ? (resource.TryGetProperty("name", out var name) ? name.ToString() : "(module)", nested)
            : null;

    // Resources are an array, or (language version 2.0) an object keyed by symbolic name.
    private static IEnumerable<JsonElement> OwnResources(JsonElement template) =>
        !template.TryGetProperty("resources", out var resources) ? []
            : resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray()
            : resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(p => p.Value)
            : [];
}
