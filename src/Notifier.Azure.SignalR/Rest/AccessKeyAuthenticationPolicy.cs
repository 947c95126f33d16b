using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Rest;

/// <summary>
/// Signs every REST request with a short-lived JWT whose audience is the request URL without its query, as the service
/// documents. It runs per retry because a retried request needs a fresh token, and it reads the credential's key on
/// every request so that <c>AzureKeyCredential.Update</c> rotates keys without a new client.
/// </summary>
internal sealed class AccessKeyAuthenticationPolicy : HttpPipelineSynchronousPolicy
{
    private readonly AzureKeyCredential _credential;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;
    private volatile KeyBytes? _keyBytes;

    public AccessKeyAuthenticationPolicy(AzureKeyCredential credential, TimeProvider timeProvider, TimeSpan lifetime)
    {
        _credential = credential;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var now = _timeProvider.GetUtcNow();
        var audience = message.Request.Uri.ToUri().GetLeftPart(UriPartial.Path);
        var token = AccessKeyJwt.Create(CurrentKey(), audience, now, now + _lifetime);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token);
    }

    /// <summary>The UTF-8 bytes of the credential's current key, cached until the key changes.</summary>
    public byte[] CurrentKey()
    {
        var key = _credential.Key;
        var cached = _keyBytes;
        if (cached is null || !ReferenceEquals(cached.Key, key))
        {
            cached = new KeyBytes(key, Encoding.UTF8.GetBytes(key));
            _keyBytes = cached;
        }

        return cached.Bytes;
    }

    private sealed record KeyBytes(string Key, byte[] Bytes);
}
