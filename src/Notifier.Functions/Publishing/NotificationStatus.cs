using System.Text.Json.Serialization;

namespace Notifier.Functions.Publishing;

/// <summary>The answer to <c>GET /api/notifications/{id}</c>: what happened to a notification.</summary>
/// <param name="Id">The notification id.</param>
/// <param name="State"><c>accepted</c>, <c>stored</c>, <c>pushed</c> or <c>expired</c>.</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="Sender">The user it comes from, when the publisher named one.</param>
/// <param name="CreatedAt">When it was first accepted.</param>
/// <param name="ExpiresAt">When it stops being delivered or listed.</param>
/// <param name="Recipients">Whom it was sent to.</param>
/// <param name="Delivered">Users whose client acknowledged it or who read it.</param>
/// <param name="Read">Users who read it.</param>
internal sealed record NotificationStatus(
    string Id,
    string State,
    string Publisher,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sender,
    string CreatedAt,
    string ExpiresAt,
    RecipientCounts Recipients,
    int Delivered,
    int Read);
