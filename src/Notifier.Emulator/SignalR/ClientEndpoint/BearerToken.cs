namespace Notifier.Emulator.SignalR.ClientEndpoint;

/// <summary>
/// Where the clients put their token: <c>Authorization: Bearer</c> (.NET and Node, and browsers on negotiate), or the
/// <c>access_token</c> query parameter (browsers on the WebSocket, which cannot set headers there).
/// </summary>
internal static class BearerToken
{
    private const string Prefix = "Bearer ";

    public static string? FromHeader(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? authorization[Prefix.Length..].Trim() : null;
    }

    public static string? FromHeaderOrQuery(HttpRequest request) =>
        FromHeader(request) ?? (request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null);
}
