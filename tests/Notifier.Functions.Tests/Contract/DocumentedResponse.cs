using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Notifier.Functions.Tests.Contract;

/// <summary>
/// Checks a real answer against docs/openapi.json: its status is documented for the route, with its media type, and its
/// body validates against that answer's schema. Objects are closed for the check (no property the document does not
/// name), so a field added or renamed on the wire fails here, not in a client.
/// </summary>
public static class DocumentedResponse
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private static readonly Lazy<JsonNode> Document = new(ServedDocument.Committed);
    private static int _builds;

    public static async Task<JsonElement> AssertMatchesAsync(HttpResponseMessage response, string method, string route)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var operation = Document.Value["paths"]?[route]?[method.ToLowerInvariant()]
            ?? throw new Xunit.Sdk.XunitException($"docs/openapi.json has no {method} {route}.");
        var answer = operation["responses"]?[status]
            ?? throw new Xunit.Sdk.XunitException($"{method} {route} answered {status}, which docs/openapi.json does not list.");
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        var schemaNode = answer["content"]?[mediaType]?["schema"]
            ?? throw new Xunit.Sdk.XunitException($"{method} {route} {status} answered {mediaType}, which docs/openapi.json does not give for it.");

        var body = await response.Content.ReadAsStringAsync();
        using var instance = JsonDocument.Parse(body);
        var schema = Build(schemaNode);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = result.Details?.Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")) ?? [];
        Assert.True(result.IsValid, $"{method} {route} {status} does not match docs/openapi.json:\n{string.Join('\n', errors)}\nbody: {body}");
        return instance.RootElement.Clone();
    }

    /// <summary>One self-contained JSON Schema (2020-12, which OpenAPI 3.1 schemas are): the answer's schema with the document's components as <c>$defs</c>.</summary>
    private static JsonSchema Build(JsonNode answerSchema)
    {
        var definitions = Document.Value["components"]!["schemas"]!.DeepClone();
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = definitions,
            ["allOf"] = new JsonArray(answerSchema.DeepClone()),
        };
        Prepare(root);
        var id = Interlocked.Increment(ref _builds);
        return JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://notifier.test/contract/{id}"));
    }

    private static void Prepare(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
                {
                    obj["$ref"] = "#/$defs/" + target[ComponentsPrefix.Length..];
                }

                if (obj["properties"] is JsonObject && obj["additionalProperties"] is null)
                {
                    obj["additionalProperties"] = false;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Prepare(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Prepare(child);
                }

                break;
        }
    }
}
