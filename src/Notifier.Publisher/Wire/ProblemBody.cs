namespace Notifier.Publisher.Wire;

/// <summary>The service's problem details (RFC 9457), with what a publish refusal adds: field errors, batch results, the ids to retry with.</summary>
internal sealed class ProblemBody
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public IReadOnlyList<NotificationFieldError>? Errors { get; init; }

    public IReadOnlyList<PublishBatchItem>? Results { get; init; }

    public IReadOnlyList<string>? Ids { get; init; }
}
