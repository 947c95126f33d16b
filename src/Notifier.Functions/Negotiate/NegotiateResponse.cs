namespace Notifier.Functions.Negotiate;

/// <summary>The answer to <c>POST /api/negotiate</c>.</summary>
/// <param name="Url">The Web PubSub client URL, with an access token for this user.</param>
/// <param name="UserId">The signed-in user.</param>
/// <param name="ExpiresAt">When the token expires; negotiate again before.</param>
/// <param name="Groups">The topic groups joined at connect.</param>
internal sealed record NegotiateResponse(string Url, string UserId, string ExpiresAt, IReadOnlyList<string> Groups);
