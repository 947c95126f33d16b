using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Notifier.Publisher.Validation;

namespace Notifier.Publisher;

/// <summary>
/// One notification, shaped as the body of <c>POST /api/notifications</c> and of a queue message. Every field of the
/// wire contract is a property of this class and nothing else declares one: serialisation, the contract test and the
/// queue senders all read them from here, so a new field is one property (plus its rule in <c>NotificationRules</c>).
/// </summary>
/// <remarks>
/// <see cref="Id"/> is chosen on first read when none was set: a sortable id (time, then randomness). It stays with
/// this object, so sending the same object again, after a timeout or a 503, is a replay that the service answers
/// with the first result and never stores twice. For a notification to one user alone it names that user
/// (<c>{sortable id}@{user}</c>), as the service's own ids do: such an id is bound to the user, and the service stores
/// the notification in one round trip to that user's inbox instead of two.
/// </remarks>
public sealed class Notification
{
    private string? _id;

    /// <summary>Creates a notification for <paramref name="to"/>.</summary>
    /// <param name="to">Who receives it.</param>
    public Notification(NotificationRecipients to)
    {
        ArgumentNullException.ThrowIfNull(to);
        To = to;
    }

    /// <summary>
    /// Gets or sets the idempotency id (1 to 128 of <c>A-Z a-z 0-9 . _ : @ -</c>). When none is set, the first read
    /// generates a sortable one (bound to the user when <see cref="To"/> names one user alone) and keeps it; use your own
    /// (<c>order-42-shipped</c>) to make repeats across processes replays too.
    /// </summary>
    [JsonPropertyName("id")]
    public string Id
    {
        get
        {
            if (_id is { } id)
            {
                return id;
            }

            // Two threads reading a fresh object agree on one id.
            Interlocked.CompareExchange(ref _id, SortableId.New(TimeProvider.System, To.SingleUser), null);
            return _id;
        }
        set => _id = value;
    }

    /// <summary>Gets who receives it: users and/or groups, or everyone.</summary>
    [JsonPropertyName("to")]
    public NotificationRecipients To { get; }

    /// <summary>Gets or sets the kind of notification (<c>order.shipped</c>), for clients to tell them apart; the service uses <c>notification</c> when absent.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Gets or sets the title (at most 1,024 characters). A title, body or data is required.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary>Gets or sets the text.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; set; }

    /// <summary>Gets or sets what to open: an absolute http(s) URL or a path starting with a single <c>/</c> (at most 2,048 characters).</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    /// <summary>Gets or sets any JSON object for the client.</summary>
    [JsonPropertyName("data")]
    public JsonObject? Data { get; set; }

    /// <summary>Gets or sets how long, in seconds, it is delivered and listed (1 to the service's maximum, 30 days by default). The service's default is 7 days.</summary>
    [JsonPropertyName("ttlSeconds")]
    public int? TtlSeconds { get; set; }

    /// <summary>Gets or sets whether <see cref="Sender"/> gets a receipt when a recipient reads it.</summary>
    [JsonPropertyName("receipt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Receipt { get; set; }

    /// <summary>Gets or sets the user it comes from; receipts go to this user.</summary>
    [JsonPropertyName("sender")]
    public string? Sender { get; set; }

    /// <summary>
    /// Gets or sets whether it ignores the recipients' mutes: pushed live and counted unread whatever they muted. Written
    /// only when true, so a notification that is not critical has the fingerprint it had before the field existed.
    /// </summary>
    [JsonPropertyName("critical")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Critical { get; set; }
}
