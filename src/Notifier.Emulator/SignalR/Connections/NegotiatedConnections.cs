using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Notifier.Emulator.SignalR.Connections;

/// <summary>
/// Connection ids handed out by negotiate, keyed by their secret connection token, until the client opens its
/// WebSocket with that token or the negotiation expires. A token is taken once: a second WebSocket for it is refused.
/// </summary>
internal sealed class NegotiatedConnections
{
    private readonly ConcurrentDictionary<string, NegotiatedConnection> _pending = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public NegotiatedConnections(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Records a negotiation under <paramref name="connectionToken"/>, the secret the WebSocket request presents as <c>id</c>.</summary>
    public void Add(string connectionToken, string connectionId, string hub, string? userId, TimeSpan lifetime)
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var (token, stale) in _pending)
        {
            if (stale.ExpiresAt <= now)
            {
                _pending.TryRemove(token, out _);
            }
        }

        _pending[connectionToken] = new NegotiatedConnection(connectionId, hub, userId, now + lifetime);
    }

    public NegotiatedConnection? Take(string connectionToken) =>
        _pending.TryRemove(connectionToken, out var negotiated) && negotiated.ExpiresAt > _timeProvider.GetUtcNow() ? negotiated : null;

    /// <summary>A random url-safe id of 22 characters, as ASP.NET Core makes them.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }
}
