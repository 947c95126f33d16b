namespace Notifier.Core.Notifications;

/// <summary>How many recipients acknowledged and read a notification.</summary>
/// <param name="Delivered">Users whose client acknowledged it (reading implies delivery).</param>
/// <param name="Read">Users who read it.</param>
public sealed record DeliveryCounts(int Delivered, int Read);
