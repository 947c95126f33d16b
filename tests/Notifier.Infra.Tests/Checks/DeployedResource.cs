using System.Text.Json;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// A resource of a deployment snapshot: the compiled template evaluated with a parameter file. Values that depend on
/// what Azure assigns at deployment (a host name, a principal id) stay ARM expressions such as
/// <c>[reference('&lt;resource id&gt;', '&lt;api version&gt;').clientId]</c>.
/// </summary>
internal sealed record DeployedResource(string Id, string Type, string Name, JsonElement Json)
{
    /// <summary>The last segment of <see cref="Name"/> (a child resource's own name).</summary>
    public string ShortName => Name[(Name.LastIndexOf('/') + 1)..];

    public bool Is(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>The element at <paramref name="path"/> (property names), or null where any of them is missing.</summary>
    public JsonElement? At(params string[] path)
    {
        var element = Json;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }

    /// <summary>The string at <paramref name="path"/>, or null.</summary>
    public string? Text(params string[] path) =>
        At(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
