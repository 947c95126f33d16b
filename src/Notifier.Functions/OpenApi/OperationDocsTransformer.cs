using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifier.Functions.OpenApi;

/// <summary>Applies a route's <see cref="OperationDocs"/> metadata to its operation, in the order the route gave it.</summary>
internal sealed class OperationDocsTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var doc in context.Description.ActionDescriptor.EndpointMetadata)
        {
            switch (doc)
            {
                case QueryDoc query:
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = query.Name,
                        In = ParameterLocation.Query,
                        Description = query.Description,
                        Schema = new OpenApiSchema { Type = query.Type == QueryValueType.Integer ? JsonSchemaType.Integer : JsonSchemaType.Boolean },
                    });
                    break;
                case ResponseHeaderDoc header when Response(operation, header.Status) is { } response:
                    response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                    response.Headers[header.Header] = new OpenApiHeader { Description = header.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                    break;
                case ResponseExampleDoc example when Response(operation, example.Status) is { } response:
                    response.Description = example.Description;
                    if (example.Example is not null && response.Content is { Count: > 0 } exampleContent)
                    {
                        exampleContent.First().Value.Example = JsonNode.Parse(example.Example);
                    }

                    break;
                case JsonBodyDoc body:
                    var schema = await context.GetOrCreateSchemaAsync(body.Body, null, cancellationToken).ConfigureAwait(false);
                    if (body.OneOrArray)
                    {
                        schema = new OpenApiSchema
                        {
                            OneOf = [schema, new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema, MinItems = 1, MaxItems = 100 }],
                        };
                    }

                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Description = body.Description,
                        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
                    };
                    break;
                case ResponseOneOfDoc oneOf when Response(operation, oneOf.Status) is { Content: { Count: > 0 } oneOfContent }:
                    var schemas = new List<IOpenApiSchema>(oneOf.Types.Count);
                    foreach (var type in oneOf.Types)
                    {
                        schemas.Add(await context.GetOrCreateSchemaAsync(type, null, cancellationToken).ConfigureAwait(false));
                    }

                    oneOfContent.First().Value.Schema = new OpenApiSchema { OneOf = schemas };
                    break;
                case RequestExampleDoc request when operation.RequestBody?.Content is { Count: > 0 } requestContent:
                    requestContent.First().Value.Example = JsonNode.Parse(request.Example);
                    break;
            }
        }
    }

    private static OpenApiResponse? Response(OpenApiOperation operation, int status) =>
        operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture)) as OpenApiResponse;
}
