using Azure.Core;

namespace Notifier.Azure.SignalR.Rest;

/// <summary>Options of <see cref="SignalRRestClient"/>: retries, diagnostics, transport, token lifetimes.</summary>
public sealed class SignalRRestClientOptions : ClientOptions
{
    /// <summary>The clock for token issue and expiry times. Tests replace it; everyone else leaves it alone.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long the access-key-signed tokens of REST calls stay valid. Default five minutes.</summary>
    public TimeSpan RestTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long client tokens from <see cref="SignalRRestClient.GetClientAccessAsync"/> stay valid by default: one hour, as the SDKs.</summary>
    public TimeSpan ClientTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The URL clients are sent to, when it is not the endpoint (a reverse proxy); the connection string's
    /// <c>ClientEndpoint</c> sets it too.
    /// </summary>
    public Uri? ClientEndpoint { get; set; }
}
