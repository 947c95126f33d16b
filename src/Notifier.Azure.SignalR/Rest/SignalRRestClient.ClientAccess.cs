using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Rest;

public partial class SignalRRestClient
{
    /// <summary>The api-version of <c>:generateToken</c>, the one operation here that has no <c>/api/v1</c> route.</summary>
    private const string GenerateTokenApiVersion = "2024-12-01";

    /// <summary>
    /// What a serverless <c>negotiate</c> answers: the hub's client URL and a client token for
    /// <paramref name="userId"/>. With an access key the token is signed here, without a call (audience = the client
    /// URL without its port, as the SDKs write it); with Entra ID the service issues it
    /// (<c>POST /api/hubs/{hub}/:generateToken</c>), which needs the SignalR Service Owner role.
    /// </summary>
    /// <param name="userId">The user id the service will know the connection by; null for anonymous.</param>
    /// <param name="lifetime">How long the token is valid; <see cref="SignalRRestClientOptions.ClientTokenLifetime"/> when null.</param>
    /// <param name="cancellationToken">Cancels the call to the service.</param>
    public virtual async Task<ServerlessNegotiateResponse> GetClientAccessAsync(string? userId, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        if (userId is { Length: 0 })
        {
            throw new ArgumentException("The user id must not be empty; pass null for an anonymous connection.", nameof(userId));
        }

        var validFor = lifetime ?? _clientTokenLifetime;
        if (validFor <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), validFor, "The token lifetime must be positive.");
        }

        var url = SignalRClientUrl.For(_clientEndpoint, _hub);
        var now = _timeProvider.GetUtcNow();
        if (_keyPolicy is not null)
        {
            var token = AccessKeyJwt.Create(_keyPolicy.CurrentKey(), SignalRClientUrl.Audience(_clientEndpoint, _hub), now, now + validFor, userId);
            return new ServerlessNegotiateResponse(url, token, now + validFor);
        }

        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(_endpoint);
        message.Request.Uri.AppendPath("/api/hubs/", escape: false);
        message.Request.Uri.AppendPath(_hub, escape: true);
        message.Request.Uri.AppendPath("/:generateToken", escape: false);
        if (userId is not null)
        {
            message.Request.Uri.AppendQuery("userId", userId, escapeValue: true);
        }

        var minutes = Math.Max(1, (int)Math.Ceiling(validFor.TotalMinutes));
        message.Request.Uri.AppendQuery("minutesToExpire", minutes.ToString(CultureInfo.InvariantCulture), escapeValue: true);
        message.Request.Uri.AppendQuery("api-version", GenerateTokenApiVersion, escapeValue: true);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.IsError)
        {
            throw new RequestFailedException(message.Response);
        }

        using var document = await JsonDocument.ParseAsync(message.Response.ContentStream!, default, cancellationToken).ConfigureAwait(false);
        if (!document.RootElement.TryGetProperty("token", out var issued) || issued.ValueKind != JsonValueKind.String || issued.GetString() is not { Length: > 0 } serviceToken)
        {
            throw new RequestFailedException(message.Response.Status, "The service answered :generateToken without a token.");
        }

        return new ServerlessNegotiateResponse(url, serviceToken, now + TimeSpan.FromMinutes(minutes));
    }
}
