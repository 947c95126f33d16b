using Microsoft.OpenApi;

namespace Notifier.Functions.OpenApi;

/// <summary>
/// Microsoft.AspNetCore.OpenApi, set up to generate the document. Its own type, so that only a generating app prepares
/// code that names the OpenAPI libraries, and a serving one never loads them.
/// </summary>
internal static class DocumentGenerator
{
    public static IServiceCollection Add(IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = description => IsPublic(description.RelativePath);
            options.AddDocumentTransformer<DocumentDescription>();
            options.AddOperationTransformer<OperationDocsTransformer>();
            options.AddSchemaTransformer<ContractSchemas>();
        });

    public static void Map(IEndpointRouteBuilder app, string route) => app.MapOpenApi(route).AllowAnonymous();

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
