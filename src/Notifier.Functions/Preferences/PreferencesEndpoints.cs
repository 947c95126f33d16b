using Microsoft.AspNetCore.Http.HttpResults;
using Notifier.Core.Envelopes;
using Notifier.Core.Preferences;
using Notifier.Core.Push;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;
using Notifier.Functions.OpenApi;

namespace Notifier.Functions.Preferences;

/// <summary>
/// <c>GET /api/preferences</c> and <c>PUT /api/preferences</c>: what the signed-in user muted. A change applies to the
/// next notification that reaches the user's inbox, with no reconnect, and the user's other devices get it as a
/// <c>preferences</c> envelope.
/// </summary>
internal static partial class PreferencesEndpoints
{
    /// <summary>Registers this feature's answers with the JSON options (source-generated: no reflection at the first request).</summary>
    public static IServiceCollection AddPreferences(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, PreferencesJsonContext.Default));

    public static IEndpointRouteBuilder MapPreferences(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup(string.Empty).RequireAuthorization(NotifierPolicies.User);
        users.MapGet("/api/preferences", GetAsync)
            .WithName("getPreferences")
            .WithSummary("What the signed-in user muted")
            .WithTags("Preferences")
            .ProducesProblems(401, 429, 500, 503)
            .WithResponseExample(200, "The user's preferences.", """{ "muted": { "types": ["marketing.digest"], "groups": ["ops"] } }""");
        users.MapPut("/api/preferences", PutAsync)
            .WithName("setPreferences")
            .WithSummary("Replace what the signed-in user muted; applies to the next notification")
            .WithTags("Preferences")
            .WithJsonBody<PreferencesDocument>("The muted types and groups. A muted notification stays in the inbox but is not pushed live and not counted unread; critical ones ignore mutes.")
            .ProducesProblems(400, 401, 413, 415, 429, 500, 503)
            .WithRequestExample("""{ "muted": { "types": ["marketing.digest"], "groups": [] } }""")
            .WithResponseExample(200, "The preferences as stored.", """{ "muted": { "types": ["marketing.digest"], "groups": [] } }""")
            .WithResponseExample(400, "A field is not valid; errors names it (for example muted.types[0]).");
        return app;
    }

    private static async Task<Ok<PreferencesDocument>> GetAsync(HttpContext context, IPreferenceStore store)
    {
        var user = Caller.User(context);
        var preferences = await store.GetAsync(user.UserId, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(ToDocument(preferences));
    }

    private static async Task<Results<Ok<PreferencesDocument>, ProblemHttpResult>> PutAsync(HttpContext context, IPreferenceStore store, INotificationPusher pusher, EnvelopeWriter envelopes, ILoggerFactory loggers)
    {
        if (!RequestBody.IsJson(context.Request))
        {
            return Problems.UnsupportedMediaType(context.Request.ContentType);
        }

        var body = await RequestBody.ReadAsync(context.Request, 64 * 1024, context.RequestAborted).ConfigureAwait(false);
        if (body is not { } bytes)
        {
            return Problems.Validation([new("body", "is larger than 64 KiB.", TooLarge: true)], tooLarge: true);
        }

        var (preferences, field, message) = PreferencesParser.Parse(bytes);
        if (preferences is null)
        {
            return Problems.Invalid(field!, message!);
        }

        var user = Caller.User(context);
        await store.SetAsync(user.UserId, preferences, context.RequestAborted).ConfigureAwait(false);
        try
        {
            await pusher.SendToUserAsync(user.UserId, envelopes.Preferences(preferences.MutedTypes, preferences.MutedGroups), null, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stored: devices read the preferences again when they next ask; the push only spares them the wait.
            Log.SyncPushFailed(loggers.CreateLogger("Notifier.Functions.Preferences"), ex, user.UserId);
        }

        return TypedResults.Ok(ToDocument(preferences));
    }

    private static PreferencesDocument ToDocument(UserPreferences preferences) =>
        new(new MutedPreferences(preferences.MutedTypes, preferences.MutedGroups));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Preferences of {UserId} are stored but pushing them to the user's devices failed.")]
        public static partial void SyncPushFailed(ILogger logger, Exception exception, string userId);
    }
}
