using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Rest;

public partial class WebPubSubRestClient
{
    /// <summary>
    /// Issues a client access URL and token. With an access key the token is signed locally (no network call); with a
    /// <see cref="TokenCredential"/> the service mints it through <c>:generateToken</c>.
    /// </summary>
    public virtual async Task<ClientAccess> GetClientAccessAsync(ClientTokenOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ClientTokenOptions();
        if (_keyPolicy is not null)
        {
            return CreateClientAccessLocally(options);
        }

        var expiresAt = _timeProvider.GetUtcNow() + options.ExpiresAfter;
        var token = await GenerateClientTokenAsync(options, cancellationToken).ConfigureAwait(false);
        return new ClientAccess(ClientBaseUri(options.ClientType), token.Value, expiresAt);
    }

    /// <inheritdoc cref="GetClientAccessAsync"/>
    public virtual ClientAccess GetClientAccess(ClientTokenOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ClientTokenOptions();
        if (_keyPolicy is not null)
        {
            return CreateClientAccessLocally(options);
        }

        var expiresAt = _timeProvider.GetUtcNow() + options.ExpiresAfter;
        var token = Complete(GenerateClientTokenCoreAsync(options, async: false, cancellationToken));
        return new ClientAccess(ClientBaseUri(options.ClientType), token.Value, expiresAt);
    }

    /// <summary>
    /// Asks the service to mint a client token (<c>POST /:generateToken</c>): the way to issue tokens when the client
    /// authenticates with Entra ID and holds no access key. The lifetime is rounded up to whole minutes.
    /// </summary>
    public virtual Task<Response<string>> GenerateClientTokenAsync(ClientTokenOptions? options = null, CancellationToken cancellationToken = default) =>
        GenerateClientTokenCoreAsync(options ?? new ClientTokenOptions(), async: true, cancellationToken);

    private ClientAccess CreateClientAccessLocally(ClientTokenOptions options)
    {
        ValidateLifetime(options.ExpiresAfter);
        var now = _timeProvider.GetUtcNow();
        var expiresAt = now + options.ExpiresAfter;
        var audience = ClientEndpointPath(_endpoint.AbsoluteUri, options.ClientType);
        var token = AccessKeyJwt.Create(
            _keyPolicy!.CurrentKey(),
            audience,
            now,
            expiresAt,
            options.UserId,
            [.. options.Roles],
            [.. options.Groups]);
        return new ClientAccess(ClientBaseUri(options.ClientType), token, DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
    }

    private async Task<Response<string>> GenerateClientTokenCoreAsync(ClientTokenOptions options, bool async, CancellationToken cancellationToken)
    {
        ValidateLifetime(options.ExpiresAfter);
        using var message = CreateHubMessage(RequestMethod.Post);
        message.Request.Uri.AppendPath("/:generateToken", escape: false);
        if (options.UserId is not null)
        {
            message.Request.Uri.AppendQuery(GenerateTokenParameters.UserId, options.UserId, escapeValue: true);
        }

        AppendRepeated(message, GenerateTokenParameters.Role, options.Roles);
        AppendRepeated(message, GenerateTokenParameters.Group, options.Groups);
        var minutes = (int)Math.Ceiling(options.ExpiresAfter.TotalMinutes);
        message.Request.Uri.AppendQuery(GenerateTokenParameters.MinutesToExpire, minutes.ToString(CultureInfo.InvariantCulture), escapeValue: true);
        message.Request.Uri.AppendQuery(GenerateTokenParameters.ClientType, options.ClientType == WebPubSubClientType.Mqtt ? "MQTT" : "Default", escapeValue: true);

        var response = await ProcessAsync(message, async, cancellationToken).ConfigureAwait(false);
        using var document = async
            ? await JsonDocument.ParseAsync(response.ContentStream!, default, cancellationToken).ConfigureAwait(false)
            : JsonDocument.Parse(response.ContentStream!);
        var token = document.RootElement.TryGetProperty("token", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new RequestFailedException(response.Status, "The service's :generateToken answer has no token.");
        return Response.FromValue(token, response);
    }

    private Uri ClientBaseUri(WebPubSubClientType clientType)
    {
        var scheme = _endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        var endpoint = scheme + _endpoint.AbsoluteUri[_endpoint.Scheme.Length..];
        return new Uri(ClientEndpointPath(endpoint, clientType), UriKind.Absolute);
    }

    private string ClientEndpointPath(string endpoint, WebPubSubClientType clientType)
    {
        var path = clientType == WebPubSubClientType.Mqtt ? "/clients/mqtt/hubs/" : "/client/hubs/";
        return endpoint.TrimEnd('/') + path + Uri.EscapeDataString(_hub);
    }

    private static void ValidateLifetime(TimeSpan expiresAfter)
    {
        if (expiresAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAfter), expiresAfter, "A client token must live for a positive time.");
        }
    }
}
