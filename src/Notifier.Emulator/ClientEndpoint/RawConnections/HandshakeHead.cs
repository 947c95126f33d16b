using System.Buffers;
using System.Text;

namespace Notifier.Emulator.ClientEndpoint.RawConnections;

/// <summary>
/// The head of the first HTTP/1.1 request on a connection, read straight off the transport: enough to tell a client
/// WebSocket upgrade (<c>GET /client…</c> with <c>Upgrade: websocket</c>) from anything else, which is left untouched
/// for Kestrel's HTTP pipeline.
/// </summary>
internal sealed class HandshakeHead
{
    /// <summary>A head larger than this is not ours to parse; Kestrel answers it with its own limits.</summary>
    public const int MaxLength = 16 * 1024;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    private HandshakeHead(string target, List<KeyValuePair<string, string>> headers)
    {
        Target = target;
        Headers = headers;
    }

    /// <summary>The request target as sent: path and query, still escaped.</summary>
    public string Target { get; }

    public List<KeyValuePair<string, string>> Headers { get; }

    public string Path => Target.Split('?', 2)[0];

    public string QueryString => Target.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? Target[q..] : string.Empty;

    /// <summary>
    /// Looks for a complete head in <paramref name="buffer"/>. Returns null and sets <paramref name="complete"/> false
    /// when more bytes are needed; returns null with <paramref name="complete"/> true when the request is not a client
    /// upgrade (or not HTTP/1.1 at all).
    /// </summary>
    public static HandshakeHead? TryRead(ReadOnlySequence<byte> buffer, out bool complete, out long headLength)
    {
        headLength = 0;
        complete = false;

        // Cheap early exit: only GET requests to /client can be ours, so most connections are passed on at once.
        Span<byte> start = stackalloc byte[12];
        var prefixLength = (int)Math.Min(buffer.Length, start.Length);
        buffer.Slice(0, prefixLength).CopyTo(start);
        if (!"GET /client"u8[..Math.Min(prefixLength, 11)].SequenceEqual(start[..Math.Min(prefixLength, 11)]))
        {
            complete = true;
            return null;
        }

        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, EndOfHead, advancePastDelimiter: true))
        {
            complete = buffer.Length >= MaxLength;
            return null;
        }

        complete = true;
        headLength = reader.Consumed;
        if (head.Length > MaxLength)
        {
            return null;
        }

        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0] != "GET" || requestLine[2] != "HTTP/1.1")
        {
            return null;
        }

        var target = requestLine[1];
        var path = target.Split('?', 2)[0];
        if (path != "/client" && path != "/client/" && !path.StartsWith("/client/hubs/", StringComparison.Ordinal))
        {
            return null;
        }

        // A SignalR Service client carries its negotiated id; the SignalR mode serves it through the HTTP pipeline.
        if (HasQueryParameter(target, "id"))
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        var upgrade = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            var name = lines[i][..colon].Trim();
            var value = lines[i][(colon + 1)..].Trim();
            headers.Add(new(name, value));
            upgrade |= string.Equals(name, "Upgrade", StringComparison.OrdinalIgnoreCase)
                && string.Equals(value, "websocket", StringComparison.OrdinalIgnoreCase);
        }

        return upgrade ? new HandshakeHead(target, headers) : null;
    }

    private static bool HasQueryParameter(string target, string name)
    {
        var query = target.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? target[(q + 1)..] : string.Empty;
        foreach (var pair in query.Split('&'))
        {
            if (pair == name || pair.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
