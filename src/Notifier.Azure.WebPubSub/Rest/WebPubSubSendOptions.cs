namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>Optional parameters of the send operations.</summary>
public sealed class WebPubSubSendOptions
{
    /// <summary>Connection ids that must not receive the message (send to all and send to group).</summary>
    public IList<string> Excluded { get; } = [];

    /// <summary>An OData filter on <c>userId</c>, <c>connectionId</c> and <c>groups</c> choosing who receives it.</summary>
    public string? Filter { get; set; }

    /// <summary>Drop the message for clients that have not taken it within this many seconds (1 to 300).</summary>
    public int? MessageTtlSeconds { get; set; }
}
