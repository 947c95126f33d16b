namespace Notifier.Core.Publishing;

/// <summary>What a publish call did.</summary>
public enum PublishStatus
{
    /// <summary>Stored for every recipient (and pushed, unless <see cref="PublishResult.Pushed"/> says otherwise).</summary>
    Accepted,

    /// <summary>The id was published before with the same content; nothing new was stored.</summary>
    Duplicate,

    /// <summary>It had expired before it arrived; nothing was stored or sent.</summary>
    Expired,

    /// <summary>
    /// The id was used before for different content; nothing was stored or sent. An expected answer to a publisher's
    /// mistake, not a failure, so it is an outcome rather than an exception.
    /// </summary>
    Conflict,
}
