using System.Text.Json;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>A client connection over either transport, as the tests drive it: receive envelopes, raise <c>ack</c> and <c>read</c>.</summary>
public interface IRealtimeTestClient : IAsyncDisposable
{
    /// <summary>Gets the service's id of this connection.</summary>
    string ConnectionId { get; }

    /// <summary>Receives until an envelope of <paramref name="type"/> arrives, skipping others.</summary>
    Task<JsonElement> ReceiveEnvelopeAsync(string type, TimeSpan? timeout = null);

    /// <summary>Receives the next envelope, whatever its type.</summary>
    Task<JsonElement> ReceiveAnyEnvelopeAsync(TimeSpan? timeout = null);

    /// <summary>Raises <c>ack</c> or <c>read</c> and waits for the service to confirm that the app took it.</summary>
    Task SendEventAsync(string name, params string[] ids);

    /// <summary>
    /// Raises <paramref name="name"/> with <paramref name="data"/> (serialised as JSON) as a client may, right or wrong,
    /// and returns the app's error as the client sees it (a failed ack, a hub error), or null when the app took it.
    /// </summary>
    Task<string?> TrySendEventAsync(string name, object data);

    /// <summary>Waits until the connection is closed by the other side, and returns the reason it was given.</summary>
    Task<string?> ClosedAsync(TimeSpan timeout);
}
