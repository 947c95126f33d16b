using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notifier.Core.Notifications;

namespace Notifier.Functions.Http;

/// <summary>RFC 9457 problem-details answers for every refusal, so callers always get a body that says what to fix.</summary>
internal static class Problems
{
    public static ProblemHttpResult Validation(IReadOnlyList<ValidationError> errors, bool tooLarge, IReadOnlyList<object>? results = null)
    {
        var status = tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        var first = errors[0];
        var problem = new ProblemDetails
        {
            Status = status,
            Title = tooLarge ? "The request is too large." : "The request is not valid.",
            Detail = $"'{first.Field}' {first.Message}",
        };
        problem.Extensions["errors"] = errors.Select(e => new FieldError(e.Field, e.Message)).ToArray();
        if (results is not null)
        {
            problem.Extensions["results"] = results;
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Invalid(string field, string message) => Validation([new ValidationError(field, message)], tooLarge: false);

    public static ProblemHttpResult Unauthorized(HttpContext context, string detail, string scheme)
    {
        context.Response.Headers.WWWAuthenticate = scheme;
        return Problem(StatusCodes.Status401Unauthorized, "Authentication is required.", detail);
    }

    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status429TooManyRequests, "Too many requests.", $"Slow down; retry after {seconds} s.");
    }

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", $"Send 'Content-Type: application/json', not '{contentType ?? "(none)"}'.");

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found.", detail);

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) => Problem(StatusCodes.Status409Conflict, "Conflict.", detail, extensions);

    /// <summary>How long a caller should wait after a 503, in seconds: about the client's retry budget for storage.</summary>
    public const string RetryAfterSeconds = "5";

    public static ProblemHttpResult Unavailable(HttpContext context, string detail, IDictionary<string, object?>? extensions = null)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return Problem(StatusCodes.Status503ServiceUnavailable, "Storage or Web PubSub is unavailable.", detail, extensions);
    }

    public static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return TypedResults.Problem(problem);
    }
}
