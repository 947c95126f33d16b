namespace Notifier.Core.Notifications;

/// <summary>The outcome of validating a publish body: the requests, or every reason it was refused.</summary>
public sealed class ParsedRequests
{
    internal ParsedRequests(IReadOnlyList<NotificationRequest> requests, bool isBatch, IReadOnlyList<ValidationError> errors, int itemCount = 0)
    {
        Requests = requests;
        IsBatch = isBatch;
        Errors = errors;
        ItemCount = errors.Count == 0 ? requests.Count : itemCount;
    }

    /// <summary>
    /// Gets how many notifications the body held, valid or not, when its items could be told apart (0 when the body as a
    /// whole was refused: not JSON, empty, or too many).
    /// </summary>
    public int ItemCount { get; }

    /// <summary>Gets the valid requests; empty when there are errors.</summary>
    public IReadOnlyList<NotificationRequest> Requests { get; }

    /// <summary>Gets whether the body was an array.</summary>
    public bool IsBatch { get; }

    /// <summary>Gets the errors; nothing may be stored or sent when there is one.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>Gets the recipients named over every request, the unit of work and of rate limits.</summary>
    public int RecipientCount => Requests.Sum(r => r.To.Count);

    /// <summary>Gets whether the body was valid.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Gets whether a size limit was the reason (413) rather than malformed input (400).</summary>
    public bool IsTooLarge => Errors.Count > 0 && Errors.All(e => e.TooLarge);
}
