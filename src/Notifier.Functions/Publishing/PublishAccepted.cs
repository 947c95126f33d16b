namespace Notifier.Functions.Publishing;

/// <summary>
/// The 202 to a single publish: stored for every recipient (<c>accepted</c>), or past its lifetime on arrival
/// (<c>expired</c>). A replay repeats it with <c>Idempotent-Replayed: true</c>.
/// </summary>
/// <param name="Id">The notification id, the publisher's or a generated one.</param>
/// <param name="Status"><c>accepted</c> or <c>expired</c>.</param>
/// <param name="CreatedAt">When it was first accepted (ISO 8601, UTC).</param>
/// <param name="ExpiresAt">When it stops being delivered or listed.</param>
/// <param name="StatusUrl">Where <c>GET</c> tells what happened to it (also in <c>Location</c>).</param>
internal sealed record PublishAccepted(string Id, string Status, string CreatedAt, string ExpiresAt, string StatusUrl);
