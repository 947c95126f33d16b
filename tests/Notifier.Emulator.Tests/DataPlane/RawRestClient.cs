using System.Net.Http.Headers;
using System.Text;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Tests.DataPlane;

/// <summary>
/// Plain HttpClient requests to the data plane, for what our REST client will not send (bad tokens, unknown
/// api-versions, odd content types, oversized bodies). Tokens are signed like the SDKs sign them: audience = the URL.
/// </summary>
internal sealed class RawRestClient : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly Uri _endpoint;

    public RawRestClient(EmulatorServer server)
    {
        _endpoint = server.Endpoint;
    }

    /// <summary>A URL on the emulator; <paramref name="pathAndQuery"/> is used as written (already escaped).</summary>
    public Uri Url(string pathAndQuery) => new(_endpoint.AbsoluteUri.TrimEnd('/') + pathAndQuery);

    public static string Token(Uri audience, string key = EmulatorServer.AccessKey, TimeSpan? lifetime = null) =>
        AccessKeyJwt.Create(Encoding.UTF8.GetBytes(key), audience.AbsoluteUri, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromMinutes(5)));

    /// <summary>Sends a request signed for its own URL unless <paramref name="token"/> says otherwise ("" = no header).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null, string? token = null)
    {
        var url = Url(pathAndQuery);
        var request = new HttpRequestMessage(method, url) { Content = content };
        token ??= Token(url);
        if (token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return _http.SendAsync(request);
    }

    public static ByteArrayContent Body(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    public void Dispose() => _http.Dispose();
}
