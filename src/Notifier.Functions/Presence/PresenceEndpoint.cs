using Microsoft.AspNetCore.Http.HttpResults;
using Notifier.Core.Identifiers;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;
using Notifier.Functions.OpenApi;
using Notifier.Functions.Transport;

namespace Notifier.Functions.Presence;

/// <summary>
/// <c>GET /api/presence/{userId}</c>: whether the user has a connection now, asked of the transport itself (Web PubSub or SignalR Service) rather than
/// read from a table that a lost <c>disconnected</c> event could leave wrong.
/// </summary>
internal static class PresenceEndpoint
{
    /// <summary>Registers this feature's answers with the JSON options (source-generated: no reflection at the first request).</summary>
    public static IServiceCollection AddPresence(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, PresenceJsonContext.Default));

    public static IEndpointRouteBuilder MapPresence(this IEndpointRouteBuilder app)
    {
        var publishers = app.MapGroup(string.Empty).RequireAuthorization(NotifierPolicies.Publisher);
        publishers.MapGet("/api/presence/{userId}", HandleAsync)
            .WithName("presence")
            .WithSummary("Whether a user is connected now")
            .WithTags("Clients")
            .ProducesProblems(400, 401, 429, 500, 503)
            .WithResponseExample(200, "Whether the user is connected.", """{ "userId": "alice", "online": true }""")
            .WithResponseExample(400, "The user id breaks the id rule.");
        return app;
    }

    private static async Task<Results<Ok<PresenceResponse>, ProblemHttpResult>> HandleAsync(HttpContext context, string userId, IConnectionDirectory directory)
    {
        if (!Identifier.IsValid(userId))
        {
            return Problems.Invalid("userId", Identifier.Rule + ".");
        }

        var online = await directory.UserExistsAsync(userId, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new PresenceResponse(userId, online));
    }
}
