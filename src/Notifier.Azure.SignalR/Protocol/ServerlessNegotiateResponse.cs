using System.Buffers;
using System.Text.Json;

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>
/// What an app's serverless <c>negotiate</c> answers: <c>{"url":…,"accessToken":…}</c>, a redirect the SignalR
/// clients follow to the service's client URL, carrying the token they then present there.
/// </summary>
public sealed class ServerlessNegotiateResponse
{
    private static readonly JsonEncodedText UrlName = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText AccessTokenName = JsonEncodedText.Encode("accessToken");

    /// <summary>Creates the response.</summary>
    public ServerlessNegotiateResponse(Uri url, string accessToken, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        Url = url;
        AccessToken = accessToken;
        ExpiresAt = expiresAt;
    }

    /// <summary>The hub's client URL, <c>{clientEndpoint}/client/?hub={hub}</c>.</summary>
    public Uri Url { get; }

    /// <summary>The client token.</summary>
    public string AccessToken { get; }

    /// <summary>When the token expires; not part of the JSON, which the clients do not need it in.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The JSON body, UTF-8.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(AccessToken.Length + 128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(UrlName, Url.AbsoluteUri);
            json.WriteString(AccessTokenName, AccessToken);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
