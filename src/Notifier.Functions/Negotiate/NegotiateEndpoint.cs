using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Notifier.Core.Envelopes;
using Notifier.Functions.Identity;
using Notifier.Functions.Limits;
using Notifier.Functions.OpenApi;
using Notifier.Functions.Transport;

namespace Notifier.Functions.Negotiate;

/// <summary>
/// <c>POST /api/negotiate</c>: where the signed-in user's client connects, from the configured transport
/// (<see cref="IClientAccessIssuer"/>): a Web PubSub client URL with its token, or SignalR Service's serverless
/// <c>{ url, accessToken }</c>, which Microsoft's SignalR clients follow as a redirect. Either way the client can only
/// receive and raise <c>ack</c>/<c>read</c> to this app.
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
            .WithSummary("Where the client of the signed-in user connects (Web PubSub or SignalR Service)")
            .WithTags("Clients")
            .ProducesProblems(401, 429, 500, 503)
            .WithResponseExample(200, "The client URL. Web PubSub (the default transport): connect to it with the json.webpubsub.azure.v1 subprotocol. SignalR Service: accessToken is set too, and SignalR clients connect to url with it (the serverless negotiate redirect).", """{ "url": "wss://example.webpubsub.azure.com/client/hubs/notifications?access_token=...", "userId": "alice", "expiresAt": "2026-01-05T11:00:00.000Z", "groups": ["announcements"] }""")
            .WithResponseExample(401, "No signed-in user.");
        return app;
    }

    private static async Task<Results<Ok<NegotiateResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        TopicPolicy topics,
        IClientAccessIssuer issuer,
        IOptions<LimitsOptions> limits)
    {
        var user = Caller.User(context);
        var groups = topics.GroupsFor(user);
        var access = await issuer.IssueAsync(user.UserId, groups, limits.Value.TokenLifetime, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new NegotiateResponse(access.Url.AbsoluteUri, access.AccessToken, user.UserId, EnvelopeWriter.Format(access.ExpiresAt), groups));
    }
}
