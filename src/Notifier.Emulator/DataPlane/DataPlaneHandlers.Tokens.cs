using System.Text;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Permissions;

namespace Notifier.Emulator.DataPlane;

internal sealed partial class DataPlaneHandlers
{
    private const int DefaultTokenMinutes = 60;

    /// <summary>
    /// <c>POST /api/hubs/{hub}/:generateToken</c> (<c>userId</c>, <c>role</c>*, <c>group</c>*, <c>minutesToExpire</c>,
    /// <c>clientType</c>): a client token signed here with the access key, for the client endpoint of this host.
    /// Unlike the official emulator this also serves access-key callers, which is what a real service does too.
    /// </summary>
    public IResult GenerateToken(HttpContext context, string hub)
    {
        var request = context.Request;
        var query = request.Query;
        if (!QueryParameters.TryGetSingle(query, GenerateTokenParameters.ClientType, out var clientType, out var error)
            || !QueryParameters.TryGetInt(query, GenerateTokenParameters.MinutesToExpire, 1, int.MaxValue, out var minutes, out error)
            || !QueryParameters.TryGetSingle(query, GenerateTokenParameters.UserId, out var userId, out error))
        {
            return error!;
        }

        if (string.Equals(clientType, "MQTT", StringComparison.OrdinalIgnoreCase))
        {
            return DataPlaneError.NotSupported("MQTT client tokens are not supported by the emulator.");
        }

        if (!string.IsNullOrEmpty(clientType) && !string.Equals(clientType, "Default", StringComparison.OrdinalIgnoreCase))
        {
            return DataPlaneError.BadRequest(GenerateTokenParameters.ClientType, $"Unknown clientType '{clientType}': use Default or MQTT.");
        }

        var roles = QueryParameters.GetRepeated(query, GenerateTokenParameters.Role);
        if (!PermissionSet.TryValidate(roles, out var roleError))
        {
            return DataPlaneError.BadRequest(GenerateTokenParameters.Role, roleError);
        }

        var groups = QueryParameters.GetRepeated(query, GenerateTokenParameters.Group);
        foreach (var group in groups)
        {
            if (ValidateGroup(group) is { } groupError)
            {
                return groupError;
            }
        }

        var lifetime = minutes ?? DefaultTokenMinutes;
        var audience = RequestUrl.Origin(request) + request.PathBase.ToUriComponent() + "/client/hubs/" + Uri.EscapeDataString(hub);
        // The same signer as our REST client's, so a minted token is byte-for-byte what an SDK would issue.
        var now = _timeProvider.GetUtcNow();
        var token = AccessKeyJwt.Create(
            Encoding.UTF8.GetBytes(_options.CurrentValue.AccessKey),
            audience,
            now,
            now + TimeSpan.FromMinutes(lifetime),
            string.IsNullOrEmpty(userId) ? null : userId,
            roles,
            groups);
        Log.TokenIssued(_logger, hub, userId, lifetime);

        return TokenResponse.Create(token);
    }
}
