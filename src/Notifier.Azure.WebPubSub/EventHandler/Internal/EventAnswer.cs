namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// A complete answer to an event request, built before it is written so that it can be written again unchanged when
/// the same event is delivered twice (see <see cref="EventIdCache"/>).
/// </summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ContentType">The body's content type; null without a body.</param>
/// <param name="Body">The body; empty for none.</param>
/// <param name="ConnectionState">The new <c>ce-connectionState</c>, or null to leave the state unchanged.</param>
internal sealed record EventAnswer(int StatusCode, string? ContentType, ReadOnlyMemory<byte> Body, string? ConnectionState)
{
    /// <summary>The answer to <c>connected</c>/<c>disconnected</c>, shared so that remembering one costs nothing.</summary>
    public static readonly EventAnswer Ok = new(200, null, ReadOnlyMemory<byte>.Empty, null);

    /// <summary>An accepted event with nothing to send back and no state change: the common answer, shared.</summary>
    public static readonly EventAnswer NoContent = new(204, null, ReadOnlyMemory<byte>.Empty, null);

    /// <summary>Gets the bytes this answer keeps alive beyond the shared instances, to bound what is remembered.</summary>
    public int Size => Body.Length + ((ConnectionState?.Length ?? 0) * sizeof(char));
}
