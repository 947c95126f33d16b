using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// What must be equal for a second request with the same <c>ce-id</c> to be the same event: every header a handler
/// acts on, and the body. <c>ce-time</c> and <c>ce-signature</c> are left out because they say nothing about what the
/// event asks for. 128 bits of SHA-256: collisions would need an attacker to find one, which is out of reach.
/// </summary>
internal static class EventFingerprint
{
    private static readonly string[] Headers =
    [
        CloudEventHeaders.Type,
        CloudEventHeaders.Hub,
        CloudEventHeaders.EventName,
        CloudEventHeaders.UserId,
        CloudEventHeaders.Subprotocol,
        CloudEventHeaders.ConnectionState,
        "Content-Type",
    ];

    public static UInt128 Compute(IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var name in Headers)
        {
            // Length-prefixed, so that no two different header sets hash the same bytes.
            var value = Encoding.UTF8.GetBytes(headers[name].ToString());
            BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
            hash.AppendData(length);
            hash.AppendData(value);
        }

        hash.AppendData(body);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
