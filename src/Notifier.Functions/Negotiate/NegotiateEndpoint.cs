using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Core.Envelopes;
using Notifier.Functions.Identity;
using Notifier.Functions.Limits;
using Notifier.Functions.OpenApi;

namespace Notifier.Functions.Negotiate;

/// <summary>
/// <c>POST /api/negotiate</c>: a Web PubSub client URL for the signed-in user. The token names the user and the topic
/// groups the policy grants (joined at connect) and carries no roles, so the client can neither join other groups nor
/// send to anyone; it can only raise events (<c>ack</c>, <c>read</c>) to this app.
/// </summary>
internal static class NegotiateEndpoint
{
    /// <summary>Registers this feature's answers with the JSON options (source-generated: no reflection at the first request).</summary>
    public static IServiceCollection AddNegotiate(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, NegotiateJsonContext.Default));

    public static IEndpointRouteBuilder MapNegotiate(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup(string.Empty).RequireAuthorization(NotifierPolicies.User);
        users.MapPost("/api/negotiate", HandleAsync)
            .WithName("negotiate")
            .WithSummary("A Web PubSub client URL for the signed-in user")
            .WithTags("Clients")
            .ProducesProblems(401, 429, 500, 503)
            .WithResponseExample(200, "The client URL; connect to it with the json.webpubsub.azure.v1 subprotocol.", """{ "url": "wss://example.webpubsub.azure.com/client/hubs/notifications?access_token=...", "userId": "alice", "expiresAt": "2026-01-05T11:00:00.000Z", "groups": ["announcements"] }""")
            .WithResponseExample(401, "No signed-in user.");
        return app;
    }

    private static async Task<Results<Ok<NegotiateResponse>, ProblemHttpResult>> HandleAsync(
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
        return TypedResults.Ok(new NegotiateResponse(access.Uri.AbsoluteUri, user.UserId, EnvelopeWriter.Format(access.ExpiresAt), groups));
    }
}
