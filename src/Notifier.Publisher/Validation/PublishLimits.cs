namespace Notifier.Publisher.Validation;

/// <summary>
/// The service's limits at their documented defaults. The service's own settings (<c>Notifier:Limits</c>) may be
/// stricter or looser for <see cref="MaxTtlSeconds"/> and <see cref="MaxRecipientsPerRequest"/>; it still checks every
/// request, so a difference surfaces as its 400 or 413.
/// </summary>
internal sealed record PublishLimits(int MaxTtlSeconds, int MaxRecipientsPerRequest)
{
    public const int MaxBatchSize = 100;
    public const int MaxRecipients = 1000;
    public const int MaxContentBytes = 64_000;
    public const int MaxTitleLength = 1024;
    public const int MaxUrlLength = 2048;
    public const int DefaultMaxTtlSeconds = 30 * 24 * 60 * 60;
    public const int DefaultMaxRecipientsPerRequest = 2000;

    public static readonly PublishLimits Default = new(DefaultMaxTtlSeconds, DefaultMaxRecipientsPerRequest);
}
