using Notifier.Core.Inbox;
using Notifier.Core.Notifications;

namespace Notifier.Core.Publishing;

/// <summary>The inbox entry a notification record becomes.</summary>
internal static class InboxEntries
{
    public static InboxEntry Of(NotificationRecord record)
    {
        var to = record.To;
        var routes = to.DirectUsers.Count + (to.All ? 1 : to.Groups.Count);
        return new InboxEntry
        {
            NotificationId = record.Id,
            Payload = record.Payload,
            CreatedAt = record.CreatedAt,
            ExpiresAt = record.ExpiresAt,
            Type = record.Type,
            Critical = record.Critical,
            Sender = record.Sender,
            Receipt = record.Receipt,
            MultiRoute = routes > 1 && (to.Groups.Count > 1 || (to.Groups.Count > 0 && to.Users.Count > 0)),
        };
    }
}
