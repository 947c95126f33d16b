using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Azure.Shared;

/// <summary>
/// Signs every REST request with a short-lived JWT whose audience is the request URL: in full for Web PubSub, which
/// requires it, without the query for SignalR Service, as it documents. It runs per retry because a retried request
/// needs a fresh token, and it reads the credential's key on every request so that <c>AzureKeyCredential.Update</c>
/// rotates keys without a new client. Linked source in both libraries.
/// </summary>
internal sealed class AccessKeyAuthenticationPolicy : HttpPipelineSynchronousPolicy
{
    private readonly AzureKeyCredential _credential;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;
    private readonly bool _audienceHasQuery;
    private volatile KeyBytes? _keyBytes;

    public AccessKeyAuthenticationPolicy(AzureKeyCredential credential, TimeProvider timeProvider, TimeSpan lifetime, bool audienceHasQuery)
    {
        _credential = credential;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _audienceHasQuery = audienceHasQuery;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var now = _timeProvider.GetUtcNow();
        var url = message.Request.Uri.ToUri();
        var token = HmacJwt.Create(CurrentKey(), _audienceHasQuery ? url.AbsoluteUri : url.GetLeftPart(UriPartial.Path), now, now + _lifetime);
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
