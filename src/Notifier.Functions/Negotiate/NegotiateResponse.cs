using System.Text.Json.Serialization;

namespace Notifier.Functions.Negotiate;

/// <summary>The answer to <c>POST /api/negotiate</c>.</summary>
/// <param name="Url">The client URL: for Web PubSub with an access token for this user, for SignalR Service the hub client endpoint.</param>
/// <param name="AccessToken">SignalR Service only: the token to connect to <paramref name="Url"/> with (the serverless negotiate redirect).</param>
/// <param name="UserId">The signed-in user.</param>
/// <param name="ExpiresAt">When the token expires; negotiate again before.</param>
/// <param name="Groups">The topic groups joined at connect.</param>
internal sealed record NegotiateResponse(
    string Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccessToken,
    string UserId,
    string ExpiresAt,
    IReadOnlyList<string> Groups);
