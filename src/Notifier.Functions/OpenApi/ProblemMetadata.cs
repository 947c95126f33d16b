using Notifier.Functions.Http;

namespace Notifier.Functions.OpenApi;

/// <summary>
/// Declares a route's refusals for the OpenAPI document. Problem answers carry their status at run time, so the
/// signature's <c>ProblemHttpResult</c> cannot say which ones a route gives; this does. Every 429 and 503 the app
/// answers carries <c>Retry-After</c>, so declaring the status declares the header.
/// </summary>
internal static class ProblemMetadata
{
    public const string ContentType = "application/problem+json";

    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.ProducesProblems<ProblemResponse>(statuses);

    public static RouteHandlerBuilder ProducesProblems<TProblem>(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<TProblem>(status, ContentType);
            if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            {
                builder.WithResponseHeader(status, "Retry-After", "Seconds to wait.");
            }
        }

        return builder;
    }
}
