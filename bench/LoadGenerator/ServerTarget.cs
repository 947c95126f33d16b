namespace Notifier.Bench.LoadGenerator;

/// <summary>Where clients connect, with which subprotocol, and how a broadcast is triggered, for one kind of server.</summary>
internal sealed class ServerTarget
{
    private ServerTarget(ServerKind kind, Uri clientUri, string? subprotocol, Uri broadcastUri, string? authorization)
    {
        Kind = kind;
        ClientUri = clientUri;
        Subprotocol = subprotocol;
        BroadcastUri = broadcastUri;
        Authorization = authorization;
    }

    public ServerKind Kind { get; }

    public Uri ClientUri { get; }

    public string? Subprotocol { get; }

    public Uri BroadcastUri { get; }

    /// <summary>The broadcast request's <c>Authorization</c> header, if the server wants one.</summary>
    public string? Authorization { get; }

    /// <summary>SignalR clients send the JSON protocol handshake after connecting and ping every few seconds.</summary>
    public bool IsSignalR => Kind == ServerKind.SignalR;

    public static ServerTarget Create(GeneratorOptions options)
    {
        var http = options.BaseAddress.GetLeftPart(UriPartial.Authority);
        var ws = "ws" + http["http".Length..];
        switch (options.Server)
        {
            case ServerKind.Emulator:
            case ServerKind.EmulatorRaw:
                var hub = Uri.EscapeDataString(options.Hub);
                var clientToken = HmacJwt.Sign(options.AccessKey, $"{http}/client/hubs/{hub}");
                var send = new Uri($"{http}/api/hubs/{hub}/:send?api-version=2024-12-01");
                var restToken = HmacJwt.Sign(options.AccessKey, send.AbsoluteUri);
                return new ServerTarget(
                    options.Server,
                    new Uri($"{ws}/client/hubs/{hub}?access_token={clientToken}"),
                    options.Server == ServerKind.Emulator ? "json.webpubsub.azure.v1" : null,
                    send,
                    "Bearer " + restToken);
            case ServerKind.SignalR:
                return new ServerTarget(options.Server, new Uri($"{ws}/hub"), null, new Uri($"{http}/broadcast"), null);
            default:
                return new ServerTarget(options.Server, new Uri($"{ws}/"), null, new Uri($"{http}/broadcast"), null);
        }
    }
}
