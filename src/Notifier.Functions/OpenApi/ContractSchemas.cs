using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notifier.Functions.Http;

namespace Notifier.Functions.OpenApi;

/// <summary>
/// Makes the schemas say what the records mean: a property that is never null is always present (records' nullable
/// members, whatever schema they have, are left out when null), times are date-times, and spliced payload JSON is an object.
/// </summary>
internal sealed class ContractSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(RawJson))
        {
            schema.Type = JsonSchemaType.Object;
            schema.Properties = null;
            schema.Description = "The notification as pushed: { id, createdAt, sender?, type, title?, body?, url?, data? }.";
            return Task.CompletedTask;
        }

        // Web defaults read numbers from strings too, and the schema says so; answers always write numbers.
        if (schema.Type is { } numeric && (numeric.HasFlag(JsonSchemaType.Integer) || numeric.HasFlag(JsonSchemaType.Number)) && numeric.HasFlag(JsonSchemaType.String))
        {
            schema.Type = numeric & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 } properties)
        {
            schema.Required = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, property) in properties)
            {
                // A nullable member whose schema does not say so (JsonObject?, JsonElement?) may be left out, and is null then.
                var nullable = IsNullable(context, name);
                if (nullable && property is OpenApiSchema { Type: { } declared } inline && !declared.HasFlag(JsonSchemaType.Null))
                {
                    inline.Type = declared | JsonSchemaType.Null;
                }

                if (!nullable && !IsOmittable(context, name) && (property.Type is not { } type || !type.HasFlag(JsonSchemaType.Null)))
                {
                    schema.Required.Add(name);
                }

                if (name.EndsWith("At", StringComparison.Ordinal) && property is OpenApiSchema { Type: { } stringType } time && stringType.HasFlag(JsonSchemaType.String))
                {
                    time.Format = "date-time";
                }
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsNullable(OpenApiSchemaTransformerContext context, string name) =>
        context.JsonTypeInfo.Properties.FirstOrDefault(p => p.Name == name) is { } property
        && (Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsGetNullable));

    // Left out when null: never required, whatever the nullability the schema found.
    private static bool IsOmittable(OpenApiSchemaTransformerContext context, string name) =>
        context.JsonTypeInfo.Properties.FirstOrDefault(p => p.Name == name) is { } property
        && (property.ShouldSerialize is not null || property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).Length > 0);
}
