using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Notifier.Publisher.Wire;
using Notifier.Testing.Azurite;

namespace Notifier.Publisher.Tests.Contract;

/// <summary>
/// The library's model and the service's committed OpenAPI document (docs/openapi.json) agree: the same property names,
/// JSON types and required properties for the publish request and every answer the client reads. A field added to the
/// contract fails here until <see cref="Notification"/> (or the answer it belongs to) has it, and the other way round.
/// </summary>
public sealed class OpenApiAgreementTests
{
    private static readonly JsonElement Document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "openapi.json"))).RootElement;

    [Fact]
    public void A_notification_has_exactly_the_fields_of_the_publish_request_with_their_types()
    {
        var request = Operation("/api/notifications", "post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var one = request.GetProperty("oneOf")[0];
        var many = request.GetProperty("oneOf")[1];
        Assert.Equal("array", many.GetProperty("type").GetString());
        Assert.Equal(100, many.GetProperty("maxItems").GetInt32());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(one.GetRawText()), JsonNode.Parse(many.GetProperty("items").GetRawText())), "A batch item differs from a single notification.");

        AssertSameFields(PublisherJsonContext.Default.Notification, one);
        AssertSameFields(PublisherJsonContext.Default.NotificationRecipients, one.GetProperty("properties").GetProperty("to"));
    }

    [Fact]
    public void What_a_notification_always_writes_covers_what_the_request_requires()
    {
        var one = Operation("/api/notifications", "post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf")[0];
        var written = Properties(JsonSerializer.SerializeToNode(new Notification(NotificationRecipients.ToUsers("u")) { Title = "t" }, PublisherJsonContext.Default.Notification)!.AsObject());
        var required = Required(one);

        Assert.Contains("to", required);
        Assert.Subset(written, required);
    }

    [Fact]
    public void The_answers_the_client_reads_have_the_documented_fields_types_and_required_properties()
    {
        var accepted = Operation("/api/notifications", "post").GetProperty("responses").GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf");
        AssertSameFields(PublisherJsonContext.Default.PublishReceipt, Resolve(accepted[0]), checkRequired: true);
        AssertSameFields(PublisherJsonContext.Default.PublishBatchResult, Resolve(accepted[1]), checkRequired: true);
        AssertSameFields(PublisherJsonContext.Default.PublishBatchItem, Schema("BatchItemResult"), checkRequired: true);
        AssertSameFields(PublisherJsonContext.Default.NotificationFieldError, Schema("FieldError"), checkRequired: true);
        var status = Operation("/api/notifications/{id}", "get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        AssertSameFields(PublisherJsonContext.Default.NotificationStatus, Resolve(status), checkRequired: true);
        AssertSameFields(PublisherJsonContext.Default.NotificationRecipientCounts, Schema("RecipientCounts"), checkRequired: true);
    }

    [Fact]
    public void The_problem_details_the_client_reads_are_fields_of_the_documented_publish_problem()
    {
        var problem = Schema("PublishProblemResponse");
        foreach (var code in new[] { "400", "401", "409", "413", "429", "503" })
        {
            var schema = Operation("/api/notifications", "post").GetProperty("responses").GetProperty(code).GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
            Assert.Equal("#/components/schemas/PublishProblemResponse", schema.GetProperty("$ref").GetString());
        }

        var documented = problem.GetProperty("properties");
        foreach (var property in Wire(PublisherJsonContext.Default.ProblemBody))
        {
            Assert.True(documented.TryGetProperty(property.Name, out var schema), $"ProblemBody reads '{property.Name}', which PublishProblemResponse does not have.");
            Assert.Equal(JsonTypeOf(schema), JsonTypeOf(property.PropertyType));
        }
    }

    private static void AssertSameFields(JsonTypeInfo model, JsonElement schema, bool checkRequired = false)
    {
        var documented = schema.GetProperty("properties");
        var properties = Wire(model);
        var modelNames = properties.Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        var documentNames = documented.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.True(modelNames.SequenceEqual(documentNames), $"{model.Type.Name} has [{string.Join(", ", modelNames)}]; the document has [{string.Join(", ", documentNames)}].");

        foreach (var property in properties)
        {
            var documentedType = JsonTypeOf(documented.GetProperty(property.Name));
            if (documentedType is not null)
            {
                Assert.True(documentedType == JsonTypeOf(property.PropertyType), $"{model.Type.Name}.{property.Name}: the document says {documentedType}, the model is {property.PropertyType.Name}.");
            }
        }

        if (checkRequired)
        {
            var required = properties.Where(p => p.IsRequired).Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.Equal(Required(schema).Order(StringComparer.Ordinal), required);
        }
    }

    // What goes on the wire: not the facts the client adds from headers ([JsonIgnore], such as IsReplay).
    private static JsonPropertyInfo[] Wire(JsonTypeInfo model) =>
        [.. model.Properties.Where(p => (p.Get is not null || p.Set is not null) && p.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: false).OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.Always) != true)];

    // The JSON type a schema names (without "null"); null for a schema that allows anything.
    private static string? JsonTypeOf(JsonElement schema)
    {
        schema = Resolve(schema);
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : null;
        }

        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!) : [type.GetString()!];
        var kind = names.Single(n => n != "null");
        return kind == "string" && schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" ? "date-time" : kind;
    }

    private static string JsonTypeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) || type == typeof(PublishItemStatus) => "string",
            _ when type == typeof(int) || type == typeof(long) => "integer",
            _ when type == typeof(bool) => "boolean",
            _ when type == typeof(DateTimeOffset) => "date-time",
            _ when type == typeof(JsonObject) => "object",
            _ when type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "array",
            _ => "object",
        };
    }

    private static HashSet<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [];

    private static HashSet<string> Properties(JsonObject written) => [.. written.Select(p => p.Key)];

    private static JsonElement Operation(string path, string method) => Document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Schema(string name) => Document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference) ? Schema(reference.GetString()!["#/components/schemas/".Length..]) : schema;
}
