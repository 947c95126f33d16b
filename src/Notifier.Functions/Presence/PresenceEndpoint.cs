using Notifier.Azure.WebPubSub.Rest;
using Notifier.Core.Identifiers;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;

namespace Notifier.Functions.Presence;

/// <summary>
/// <c>GET /api/presence/{userId}</c>: whether the user has a connection now, asked of Web PubSub itself rather than
/// read from a table that a lost <c>disconnected</c> event could leave wrong.
/// </summary>
internal static class PresenceEndpoint
{
    public static IEndpointRouteBuilder MapPresence(this IEndpointRouteBuilder app)
    {
        var publishers = app.MapGroup(string.Empty).RequireAuthorization(NotifierPolicies.Publisher);
        publishers.MapGet("/api/presence/{userId}", HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, string userId, WebPubSubRestClient webPubSub)
    {
        if (!Identifier.IsValid(userId))
        {
            return Problems.Invalid("userId", Identifier.Rule + ".");
        }

        var online = await webPubSub.UserExistsAsync(userId, context.RequestAborted).ConfigureAwait(false);
        return new JsonBodyResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("userId", userId);
            writer.WriteBoolean("online", online.Value);
            writer.WriteEndObject();
        });
    }
}
