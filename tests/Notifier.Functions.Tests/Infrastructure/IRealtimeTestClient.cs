using System.Text.Json;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>A client connection over either transport, as the tests drive it: receive envelopes, raise <c>ack</c> and <c>read</c>.</summary>
public interface IRealtimeTestClient : IAsyncDisposable
{
    /// <summary>Receives until an envelope of <paramref name="type"/> arrives, skipping others.</summary>
    Task<JsonElement> ReceiveEnvelopeAsync(string type, TimeSpan? timeout = null);

    /// <summary>Receives the next envelope, whatever its type.</summary>
    Task<JsonElement> ReceiveAnyEnvelopeAsync(TimeSpan? timeout = null);

    /// <summary>Raises <c>ack</c> or <c>read</c> and waits for the service to confirm that the app took it.</summary>
    Task SendEventAsync(string name, params string[] ids);

    /// <summary>Waits until the connection is closed by the other side, and returns the reason it was given.</summary>
    Task<string?> ClosedAsync(TimeSpan timeout);
}
