using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Notifier.Emulator.Connections;

namespace Notifier.Emulator.DataPlane;

/// <summary>
/// One page of <c>GET /groups/{group}/connections</c>. Connections are listed in connection-id order and the
/// continuation token is the last id of the page (base64url, opaque to clients), so paging stays correct while
/// connections join and leave between pages: nobody is listed twice, and nobody present throughout is skipped.
/// </summary>
internal static class GroupMembersPage
{
    public const int MaxPageSize = 200;

    /// <summary>The official emulator's page size when the client names none.</summary>
    public const int DefaultPageSize = MaxPageSize;

    public static (List<ClientConnection> Page, bool HasMore) Take(ClientConnection[] members, string? after, int pageSize, int? top)
    {
        var candidates = new List<ClientConnection>(members.Length);
        foreach (var member in members)
        {
            if (after is null || string.CompareOrdinal(member.ConnectionId, after) > 0)
            {
                candidates.Add(member);
            }
        }

        candidates.Sort(static (a, b) => string.CompareOrdinal(a.ConnectionId, b.ConnectionId));
        var count = Math.Min(candidates.Count, Math.Min(pageSize, top ?? int.MaxValue));
        var hasMore = candidates.Count > count && (top is null || top > count);
        return (candidates.GetRange(0, count), hasMore);
    }

    public static string EncodeToken(string lastConnectionId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastConnectionId));

    public static bool TryDecodeToken(string token, [NotNullWhen(true)] out string? lastConnectionId)
    {
        lastConnectionId = null;
        try
        {
            lastConnectionId = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return lastConnectionId.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary><c>{"value":[{"connectionId":"…","userId":"…"|null}],"nextLink":"…"|null}</c>.</summary>
    public static byte[] Write(List<ClientConnection> page, string? nextLink)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (page.Count * 80));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("value"u8);
            foreach (var connection in page)
            {
                writer.WriteStartObject();
                writer.WriteString("connectionId"u8, connection.ConnectionId);
                if (connection.UserId is null)
                {
                    writer.WriteNull("userId"u8);
                }
                else
                {
                    writer.WriteString("userId"u8, connection.UserId);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (nextLink is null)
            {
                writer.WriteNull("nextLink"u8);
            }
            else
            {
                writer.WriteString("nextLink"u8, nextLink);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
