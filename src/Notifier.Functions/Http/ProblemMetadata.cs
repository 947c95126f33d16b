namespace Notifier.Functions.Http;

/// <summary>
/// Declares a route's refusals for the OpenAPI document. Problem answers carry their status at run time, so the
/// signature's <c>ProblemHttpResult</c> cannot say which ones a route gives; this does.
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
        }

        return builder;
    }
}
