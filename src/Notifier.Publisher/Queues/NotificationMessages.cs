using System.Text.Json;
using Notifier.Publisher.Wire;

namespace Notifier.Publisher.Queues;

/// <summary>The body of a queue message: the same JSON as the HTTP publish, one notification or an array.</summary>
internal static class NotificationMessages
{
    public const string ContentType = "application/json";

    public static byte[] Body(Notification notification) =>
        JsonSerializer.SerializeToUtf8Bytes(notification, PublisherJsonContext.Default.Notification);

    public static byte[] Body(IReadOnlyList<Notification> notifications) =>
        JsonSerializer.SerializeToUtf8Bytes(notifications, PublisherJsonContext.Default.IReadOnlyListNotification);
}
