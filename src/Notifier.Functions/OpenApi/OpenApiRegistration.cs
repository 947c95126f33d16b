using Microsoft.OpenApi;

namespace Notifier.Functions.OpenApi;

/// <summary>
/// The OpenAPI document of the public routes, generated from the endpoints' signatures and metadata and served at
/// <c>GET /api/openapi.json</c>. Nothing runs at start: the document is built on its first request and kept.
/// </summary>
internal static class OpenApiRegistration
{
    public const string Route = "/api/openapi.json";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = description => IsPublic(description.RelativePath);
            options.AddDocumentTransformer<DocumentDescription>();
            options.AddSchemaTransformer<ContractSchemas>();
        });

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(Route).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Clients' routes only. The Web PubSub event handler speaks the service's CloudEvents protocol (docs/event-handler.md)
    /// and only the service calls it; the queue routes are the Functions host's wrapped protocol and unreachable from
    /// outside. Neither is a contract a client could use.
    /// </summary>
    private static bool IsPublic(string? relativePath) =>
        relativePath is not null
        && relativePath.StartsWith("api/", StringComparison.Ordinal)
        && !relativePath.StartsWith("api/webpubsub", StringComparison.Ordinal);
}
