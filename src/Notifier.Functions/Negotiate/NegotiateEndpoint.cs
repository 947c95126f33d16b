using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Core.Envelopes;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;
using Notifier.Functions.Limits;

namespace Notifier.Functions.Negotiate;

/// <summary>
/// <c>POST /api/negotiate</c>: a Web PubSub client URL for the signed-in user. The token names the user and the topic
/// groups the policy grants (joined at connect) and carries no roles, so the client can neither join other groups nor
/// send to anyone; it can only raise events (<c>ack</c>, <c>read</c>) to this app.
/// </summary>
internal static class NegotiateEndpoint
{
    public static IEndpointRouteBuilder MapNegotiate(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup(string.Empty).RequireAuthorization(NotifierPolicies.User);
        users.MapPost("/api/negotiate", HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        TopicPolicy topics,
        WebPubSubRestClient webPubSub,
        IOptions<LimitsOptions> limits)
    {
        var user = Caller.User(context);

        var groups = topics.GroupsFor(user);
        var options = new ClientTokenOptions { UserId = user.UserId, ExpiresAfter = limits.Value.TokenLifetime };
        foreach (var group in groups)
        {
            options.Groups.Add(group);
        }

        var access = await webPubSub.GetClientAccessAsync(options, context.RequestAborted).ConfigureAwait(false);
        return new JsonBodyResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("url", access.Uri.AbsoluteUri);
            writer.WriteString("userId", user.UserId);
            writer.WriteString("expiresAt", EnvelopeWriter.Format(access.ExpiresAt));
            writer.WriteStartArray("groups");
            foreach (var group in groups)
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
