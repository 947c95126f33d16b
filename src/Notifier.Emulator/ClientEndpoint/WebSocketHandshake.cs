using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Notifier.Emulator.ClientEndpoint;

/// <summary>
/// The server side of the RFC 6455 opening handshake, done here rather than by the WebSockets middleware so the
/// upgraded stream can be wrapped (see <see cref="Connections.CoalescingWriteStream"/>) before the WebSocket is built
/// on it.
/// </summary>
internal static class WebSocketHandshake
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static bool IsWebSocketRequest(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is null || !upgrade.IsUpgradableRequest || !HttpMethods.IsGet(context.Request.Method))
        {
            return false;
        }

        var headers = context.Request.Headers;
        return headers.Upgrade.Any(v => string.Equals(v, "websocket", StringComparison.OrdinalIgnoreCase))
            && headers.SecWebSocketVersion == "13"
            && IsValidKey(headers.SecWebSocketKey);
    }

    /// <summary>The subprotocols the client offered, in its order.</summary>
    public static List<string> RequestedSubprotocols(HttpContext context)
    {
        var protocols = new List<string>();
        foreach (var value in context.Request.Headers.SecWebSocketProtocol)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var protocol in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                protocols.Add(protocol);
            }
        }

        return protocols;
    }

    /// <summary>Answers 101 Switching Protocols and returns the raw upgraded stream.</summary>
    public static Task<Stream> AcceptAsync(HttpContext context, string? subprotocol)
    {
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        var response = context.Response.Headers;
        response.Connection = HeaderNames.Upgrade;
        response.Upgrade = "websocket";
        response.SecWebSocketAccept = ComputeAccept(key);
        if (!string.IsNullOrEmpty(subprotocol))
        {
            response.SecWebSocketProtocol = subprotocol;
        }

        return context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
    }

    internal static string ComputeAccept(string key)
    {
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6455 defines Sec-WebSocket-Accept with SHA-1; it is a handshake check, not security.
        SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid), hash);
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    private static bool IsValidKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length != 24)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[18];
        return Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }
}
