namespace Notifier.Functions.Inbox;

/// <summary>
/// The body of <c>POST /api/inbox/read</c>: <c>ids</c> (1 to 100), or <c>all: true</c> alone. Read by
/// <see cref="IdsRequest"/>, which the <c>ack</c>/<c>read</c> events share; this record is its shape for the OpenAPI document.
/// </summary>
/// <param name="Ids">The notification ids to mark read; ids not in the inbox are ignored.</param>
/// <param name="All"><c>true</c> to mark everything read.</param>
internal sealed record MarkReadRequest(IReadOnlyList<string>? Ids, bool? All);
