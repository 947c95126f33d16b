using System.Text;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.Authentication;
using Notifier.Emulator.DataPlane;

namespace Notifier.Emulator.SignalR.DataPlane;

internal sealed partial class SignalRRestHandlers
{
    private const string UserIdParameter = "userId";
    private const string MinutesToExpireParameter = "minutesToExpire";
    private const int DefaultTokenMinutes = 60;

    /// <summary>
    /// <c>POST /api/hubs/{hub}/:generateToken?userId=&amp;minutesToExpire=&amp;api-version=</c> (2023-07-01 on):
    /// <c>{"token":…}</c>, a client token for this hub signed with the access key, as an app authenticated with Entra
    /// ID gets it for its negotiate. Its audience is this host's client URL without the port, as the SDKs write it, and
    /// the user id is in <c>asrs.s.uid</c> (and <c>nameid</c>); no <c>userId</c> means an anonymous token.
    /// </summary>
    public IResult GenerateToken(HttpContext context, string hub)
    {
        var request = context.Request;
        var query = request.Query;
        var version = query[SignalRApiVersions.ParameterName].ToString();
        if (!SignalRApiVersions.HasGenerateToken(version))
        {
            return DataPlaneError.BadRequest(SignalRApiVersions.ParameterName, $":generateToken needs api-version {SignalRApiVersions.GenerateTokenSince} or later, not '{version}'.");
        }

        if (!QueryParameters.TryGetSingle(query, UserIdParameter, out var userId, out var error)
            || !QueryParameters.TryGetInt(query, MinutesToExpireParameter, 1, int.MaxValue, out var minutes, out error))
        {
            return error!;
        }

        if (UserIds.HasControlCharacters(userId))
        {
            // The user id travels in the X-ASRS-User-Id header of every upstream call of the connection.
            return DataPlaneError.BadRequest(UserIdParameter, "The user id must not contain control characters.");
        }

        var endpoint = new Uri(RequestUrl.Origin(request), UriKind.Absolute);
        var now = _timeProvider.GetUtcNow();
        var token = AccessKeyJwt.Create(
            Encoding.UTF8.GetBytes(_options.CurrentValue.AccessKey),
            SignalRClientUrl.Audience(endpoint, hub),
            now,
            now + TimeSpan.FromMinutes(minutes ?? DefaultTokenMinutes),
            string.IsNullOrEmpty(userId) ? null : userId);

        return TokenResponse.Create(token);
    }
}
