using System.Net;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

internal static class HttpResponseAssert
{
    /// <summary>Asserts a plain-text rejection and returns its body.</summary>
    public static async Task<string> PlainTextAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.False(string.IsNullOrWhiteSpace(body));
        return body;
    }

    public static async Task StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }
    }
}
