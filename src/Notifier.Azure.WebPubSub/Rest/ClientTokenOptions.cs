namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>What a client access token carries.</summary>
public sealed class ClientTokenOptions
{
    /// <summary>The user id of the connection (<c>sub</c>); null for an anonymous connection.</summary>
    public string? UserId { get; set; }

    /// <summary>Roles (<c>role</c>), e.g. <c>webpubsub.joinLeaveGroup.news</c>.</summary>
    public IList<string> Roles { get; } = [];

    /// <summary>Groups joined on connect (<c>webpubsub.group</c>).</summary>
    public IList<string> Groups { get; } = [];

    /// <summary>How long the token is valid for connecting. Default one hour; at least one minute.</summary>
    public TimeSpan ExpiresAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The client kind, which decides the endpoint path and the audience.</summary>
    public WebPubSubClientType ClientType { get; set; } = WebPubSubClientType.Default;
}
