using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifier.Functions.OpenApi;

/// <summary>What the document says about itself, and what every route's refusals share.</summary>
internal sealed class DocumentDescription : IOpenApiDocumentTransformer
{
    private const string Description = """
        Serverless real-time notifications: publishers POST notifications, web clients negotiate a Web PubSub
        connection and read their inbox. Every refusal is RFC 9457 problem details (`application/problem+json`):
        `type`, `title`, `status`, `detail`, plus `errors: [{ field, message }]` for 400/413, batch `results` for
        refused batches, and `ids`/`accepted` on a publish's 503. 429 and 503 carry `Retry-After`.
        Publishers authenticate with `X-Api-Key` (standalone) or the function key (under the Functions host);
        users with a bearer token (or, on a development stack, `X-Notifier-User`).
        Wire contracts in prose: docs/function-app.md.
        """;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo { Title = "Notifier", Version = "1", Description = Description };

        // The app is reached at whatever host serves it; a fixed server would make the committed document differ per machine.
        document.Servers = [];
        return Task.CompletedTask;
    }
}
