namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>The query parameters of <c>POST /api/hubs/{hub}/:generateToken</c>.</summary>
public static class GenerateTokenParameters
{
    /// <summary>The user id (the token's <c>sub</c>).</summary>
    public const string UserId = "userId";

    /// <summary>A role; repeated for several.</summary>
    public const string Role = "role";

    /// <summary>A group to join on connect; repeated for several.</summary>
    public const string Group = "group";

    /// <summary>The token lifetime in whole minutes.</summary>
    public const string MinutesToExpire = "minutesToExpire";

    /// <summary><c>Default</c> or <c>MQTT</c>.</summary>
    public const string ClientType = "clientType";
}
