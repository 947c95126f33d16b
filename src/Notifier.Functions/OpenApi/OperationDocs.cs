using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Notifier.Functions.OpenApi;

/// <summary>
/// What a route's signature cannot say, told next to the route: query parameters it reads itself, headers of its
/// answers, examples. Each is a transformer of that route's operation, so it runs when the document is built, not at start.
/// </summary>
internal static class OperationDocs
{
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, string name, JsonSchemaType type, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Schema = new OpenApiSchema { Type = type },
            });
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int status, string header, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.GetValueOrDefault(Status(status)) is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                response.Headers[header] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }

            return Task.CompletedTask;
        });

    /// <summary>Describes an answer and gives an example of its body (JSON text).</summary>
    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder builder, int status, string description, string? example = null) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.GetValueOrDefault(Status(status)) is OpenApiResponse response)
            {
                response.Description = description;
                if (example is not null && response.Content is { Count: > 0 } content)
                {
                    content.First().Value.Example = JsonNode.Parse(example);
                }
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// Documents a JSON body the route reads itself. Not <c>Accepts</c>: that is also routing metadata, and routing would
    /// then refuse other content types with a bare 415 before the route could answer with problem details.
    /// </summary>
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder builder, string description, bool oneOrArray = false) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken).ConfigureAwait(false);
            if (oneOrArray)
            {
                schema = new OpenApiSchema
                {
                    OneOf = [schema, new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema, MinItems = 1, MaxItems = 100 }],
                };
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
            };
        });

    /// <summary>An answer whose body is one of several types (a publish's 202: one notification or a batch).</summary>
    public static RouteHandlerBuilder WithResponseOneOf(this RouteHandlerBuilder builder, int status, params Type[] types) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            if (operation.Responses?.GetValueOrDefault(Status(status)) is OpenApiResponse { Content: { Count: > 0 } content })
            {
                var schemas = new List<IOpenApiSchema>(types.Length);
                foreach (var type in types)
                {
                    schemas.Add(await context.GetOrCreateSchemaAsync(type, null, cancellationToken).ConfigureAwait(false));
                }

                content.First().Value.Schema = new OpenApiSchema { OneOf = schemas };
            }
        });

    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string example) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody?.Content is { Count: > 0 } content)
            {
                content.First().Value.Example = JsonNode.Parse(example);
            }

            return Task.CompletedTask;
        });

    private static string Status(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
