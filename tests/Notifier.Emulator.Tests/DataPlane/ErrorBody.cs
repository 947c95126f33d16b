using System.Net;
using System.Text.Json;

namespace Notifier.Emulator.Tests.DataPlane;

/// <summary>Asserts the service's error shape: status, <c>x-ms-error-code</c> and <c>{"code","message","target"}</c>.</summary>
internal static class ErrorBody
{
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? target = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, Assert.Single(response.Headers.GetValues("x-ms-error-code")));
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        if (target is not null)
        {
            Assert.Equal(target, body.GetProperty("target").GetString());
        }

        return body;
    }
}
