using Azure;
using Notifier.Publisher.Pipeline;

namespace Notifier.Publisher;

/// <summary>
/// The service refused a publish or status request (after any retries): its problem details, typed. <see cref="Errors"/>
/// names broken fields (400, 413), <see cref="Results"/> says what happened to each item of a refused batch, and on a
/// 503 <see cref="Ids"/> lists the ids to retry with (the same notifications again are replays, never duplicates).
/// </summary>
public sealed class NotificationPublishException : RequestFailedException
{
    /// <summary>Creates the exception from the service's answer.</summary>
    /// <param name="response">The answer.</param>
    public NotificationPublishException(Response response)
        : base(response ?? throw new ArgumentNullException(nameof(response)), null, ProblemDetailsParser.Instance)
    {
        var problem = ProblemDetailsParser.Read(response);
        Title = problem?.Title;
        Detail = problem?.Detail;
        Errors = problem?.Errors ?? [];
        Results = problem?.Results ?? [];
        Ids = problem?.Ids ?? [];
        RetryAfter = RetryAfterHeader.Read(response);
    }

    /// <summary>Creates an exception with a message (for mocks).</summary>
    /// <param name="message">The message.</param>
    public NotificationPublishException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause (for mocks).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NotificationPublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details (for mocks).</summary>
    public NotificationPublishException()
        : base("The service refused the request.")
    {
    }

    /// <summary>Gets the problem's title, such as <c>The request is not valid.</c></summary>
    public string? Title { get; }

    /// <summary>Gets what went wrong and what to do about it, in the service's words.</summary>
    public string? Detail { get; }

    /// <summary>Gets the broken fields (400 and 413), named as <c>to.users[3]</c> or <c>[2].title</c>.</summary>
    public IReadOnlyList<NotificationFieldError> Errors { get; } = [];

    /// <summary>Gets, for a refused batch, what happened to each item, in the order sent.</summary>
    public IReadOnlyList<PublishBatchItem> Results { get; } = [];

    /// <summary>Gets, on a 503, the ids to retry with (generated ones included); nothing was stored.</summary>
    public IReadOnlyList<string> Ids { get; } = [];

    /// <summary>Gets how long the service asked to wait (429, 503), if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
