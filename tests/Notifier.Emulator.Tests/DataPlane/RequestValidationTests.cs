using System.Net;

namespace Notifier.Emulator.Tests.DataPlane;

/// <summary>
/// Requests the service refuses, sent with a plain HttpClient. Each case also proves the refusal had no effect: a
/// connected client received nothing, or membership did not change.
/// </summary>
public class RequestValidationTests
{
    private const string Send = "/api/hubs/chat/:send?api-version=2024-12-01";

    [Fact]
    public async Task MissingToken_Is401()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, Send, RawRestClient.Body("x", "text/plain"), token: string.Empty);

        await ErrorBody.AssertAsync(response, HttpStatusCode.Unauthorized, "Error.Unauthorized");
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task TokenSignedWithAnotherKey_Is401()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);
        var token = RawRestClient.Token(raw.Url(Send), key: "another-key-another-key-another-key-another");

        var response = await raw.SendAsync(HttpMethod.Post, Send, RawRestClient.Body("x", "text/plain"), token);

        await ErrorBody.AssertAsync(response, HttpStatusCode.Unauthorized, "Error.Unauthorized");
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task TokenForAnotherUrl_Is401()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);
        var token = RawRestClient.Token(raw.Url($"/api/hubs/chat/connections/{alice.ConnectionId}/:send?api-version=2024-12-01"));

        var response = await raw.SendAsync(HttpMethod.Post, Send, RawRestClient.Body("x", "text/plain"), token);

        await ErrorBody.AssertAsync(response, HttpStatusCode.Unauthorized, "Error.Unauthorized");
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task ExpiredToken_Is401()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var raw = new RawRestClient(server);
        var token = RawRestClient.Token(raw.Url(Send), lifetime: TimeSpan.FromMinutes(-10));

        var response = await raw.SendAsync(HttpMethod.Post, Send, RawRestClient.Body("x", "text/plain"), token);

        await ErrorBody.AssertAsync(response, HttpStatusCode.Unauthorized, "Error.Unauthorized");
    }

    [Fact]
    public async Task GarbageToken_Is401_EvenOnHead()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Head, "/api/hubs/chat/users/alice?api-version=2024-12-01", token: "not.a.jwt");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Error.Unauthorized", Assert.Single(response.Headers.GetValues("x-ms-error-code")));
    }

    [Fact]
    public async Task TokenWithoutQuery_IsAccepted_AsTheServiceDoes()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);
        var token = RawRestClient.Token(raw.Url("/api/hubs/chat/:send"));

        var response = await raw.SendAsync(HttpMethod.Post, Send, RawRestClient.Body("no query in aud", "text/plain"), token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("no query in aud", (await alice.ReceiveAsync()).GetProperty("data").GetString());
    }

    [Fact]
    public async Task UnknownApiVersion_Is400_AndListsTheSupportedOnes()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, "/api/hubs/chat/:send?api-version=2099-01-01", RawRestClient.Body("x", "text/plain"));

        await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest", "api-version");
        Assert.Contains("2024-12-01", response.Headers.GetValues("api-supported-versions").Single(), StringComparison.Ordinal);
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task MissingApiVersion_MeansTheLatest()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, "/api/hubs/chat/:send", RawRestClient.Body("no version", "text/plain"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("2021-10-01, 2022-11-01, 2023-07-01, 2024-01-01, 2024-12-01", response.Headers.GetValues("api-supported-versions").Single());
        Assert.Equal("no version", (await alice.ReceiveAsync()).GetProperty("data").GetString());
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html")]
    [InlineData(null)]
    public async Task UnsupportedContentType_Is415(string? contentType)
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, Send, RawRestClient.Body("<x/>", contentType));

        await ErrorBody.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, "Error.UnsupportedMediaType");
        await alice.AssertNothingReceivedAsync(server);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("")]
    [InlineData("{} {}")]
    [InlineData("hello")]
    public async Task InvalidJson_Is400(string body)
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["g"]);
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, "/api/hubs/chat/groups/g/:send?api-version=2024-12-01", RawRestClient.Body(body, "application/json"));

        await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest");
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task InvalidUtf8Text_Is400()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);
        var content = new ByteArrayContent([0x68, 0xC3, 0x28]);
        content.Headers.ContentType = new("text/plain");

        var response = await raw.SendAsync(HttpMethod.Post, Send, content);

        await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest");
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task BodyOverOneMiB_WithContentLength_Is413()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);
        var content = new ByteArrayContent(new byte[(1024 * 1024) + 1]);
        content.Headers.ContentType = new("application/octet-stream");

        var response = await raw.SendAsync(HttpMethod.Post, Send, content);

        await ErrorBody.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "Error.PayloadTooLarge");
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task BodyOverOneMiB_Chunked_Is413()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);
        var content = new StreamContent(new ChunkedStream((1024 * 1024) + 1));
        content.Headers.ContentType = new("application/octet-stream");

        var response = await raw.SendAsync(HttpMethod.Post, Send, content);

        await ErrorBody.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "Error.PayloadTooLarge");
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task BodyOfExactlyOneMiB_Chunked_IsAccepted()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var raw = await Client.ConnectRawAsync(server, "bob");
        using var http = new RawRestClient(server);
        var content = new StreamContent(new ChunkedStream(1024 * 1024));
        content.Headers.ContentType = new("application/octet-stream");

        var response = await http.SendAsync(HttpMethod.Post, Send, content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1024 * 1024, (await raw.ReceiveAsync()).Data.Length);
    }

    [Theory]
    [InlineData("/api/hubs/1chat/:send", "hub")]
    [InlineData("/api/hubs/chat-room/:send", "hub")]
    [InlineData("/api/hubs/chat/groups/%20%20/:send", "group")]
    public async Task InvalidNames_Are400(string path, string target)
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["  x"]);
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, path + "?api-version=2024-12-01", RawRestClient.Body("x", "text/plain"));

        var error = await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest", target);
        Assert.Contains("name", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task GroupNameOver1024Characters_Is400_AndNothingJoins()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);
        var group = new string('g', 1025);

        var response = await raw.SendAsync(HttpMethod.Put, $"/api/hubs/chat/groups/{group}/connections/{alice.ConnectionId}?api-version=2024-12-01");

        await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest", "group");
        Assert.False((await server.CreateRestClient().GroupExistsAsync(new string('g', 1024))).Value);
        Assert.Empty(await server.CreateRestClient().GetGroupMembersAsync(new string('g', 1024)).ToListAsync());
    }

    [Theory]
    [InlineData("301")]
    [InlineData("-1")]
    [InlineData("ten")]
    public async Task MessageTtlOutOfRange_Is400(string ttl)
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, Send + "&messageTtlSeconds=" + ttl, RawRestClient.Body("x", "text/plain"));

        await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest", "messageTtlSeconds");
        await alice.AssertNothingReceivedAsync(server);
    }

    [Theory]
    [InlineData("userId eq")]
    [InlineData("not length(userId) gt 5")]
    [InlineData("nickname eq 'x'")]
    [InlineData("userId eq 'unterminated")]
    public async Task InvalidFilter_Is400_NamingThePosition(string filter)
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, Send + "&filter=" + Uri.EscapeDataString(filter), RawRestClient.Body("x", "text/plain"));

        var error = await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest", "Request");
        Assert.Contains("position", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await alice.AssertNothingReceivedAsync(server);
    }

    [Theory]
    [InlineData("""{"groups":["x"],"filter":"userId eq"}""", "Request")]
    [InlineData("""{"groups":[]}""", "groups")]
    [InlineData("""{"filter":"userId eq 'alice'"}""", "groups")]
    [InlineData("""{"groups":["ok","   "]}""", "groups")]
    [InlineData("""{"groups":["x"],"filter":5}""", "filter")]
    [InlineData("""["x"]""", "Request")]
    [InlineData("""{"groups":""", "Request")]
    public async Task InvalidBulkGroupRequests_Are400_AndChangeNoMembership(string body, string target)
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, "/api/hubs/chat/:addToGroups?api-version=2024-12-01", RawRestClient.Body(body, "application/json"));

        await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest", target);
        var rest = server.CreateRestClient();
        Assert.False((await rest.GroupExistsAsync("x")).Value);
        Assert.False((await rest.GroupExistsAsync("ok")).Value);
    }

    [Fact]
    public async Task BulkGroupRequest_WithAnotherContentType_Is415()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, "/api/hubs/chat/:removeFromGroups?api-version=2024-12-01", RawRestClient.Body("""{"groups":["x"]}""", "text/plain"));

        await ErrorBody.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, "Error.UnsupportedMediaType");
    }

    [Theory]
    [InlineData("maxpagesize=0", "maxpagesize")]
    [InlineData("maxpagesize=201", "maxpagesize")]
    [InlineData("top=0", "top")]
    [InlineData("continuationToken=%24%24%24", "continuationToken")]
    public async Task InvalidPagingParameters_Are400(string query, string target)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Get, "/api/hubs/chat/groups/g/connections?api-version=2024-12-01&" + query);

        await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest", target);
    }

    [Theory]
    [InlineData("HEAD", "/api/hubs/chat/connections/c")]
    [InlineData("DELETE", "/api/hubs/chat/connections/c")]
    [InlineData("POST", "/api/hubs/chat/connections/c/:send")]
    [InlineData("DELETE", "/api/hubs/chat/connections/c/groups")]
    [InlineData("HEAD", "/api/hubs/chat/groups/g")]
    [InlineData("POST", "/api/hubs/chat/groups/g/:send")]
    [InlineData("POST", "/api/hubs/chat/groups/g/:closeConnections")]
    [InlineData("GET", "/api/hubs/chat/groups/g/connections")]
    [InlineData("PUT", "/api/hubs/chat/groups/g/connections/c")]
    [InlineData("DELETE", "/api/hubs/chat/groups/g/connections/c")]
    [InlineData("HEAD", "/api/hubs/chat/users/u")]
    [InlineData("POST", "/api/hubs/chat/users/u/:send")]
    [InlineData("POST", "/api/hubs/chat/users/u/:closeConnections")]
    [InlineData("PUT", "/api/hubs/chat/users/u/groups/g")]
    [InlineData("DELETE", "/api/hubs/chat/users/u/groups/g")]
    [InlineData("DELETE", "/api/hubs/chat/users/u/groups")]
    [InlineData("POST", "/api/hubs/chat/:send")]
    [InlineData("POST", "/api/hubs/chat/:closeConnections")]
    [InlineData("POST", "/api/hubs/chat/:addToGroups")]
    [InlineData("POST", "/api/hubs/chat/:removeFromGroups")]
    [InlineData("POST", "/api/hubs/chat/:generateToken")]
    [InlineData("PUT", "/api/hubs/chat/permissions/sendToGroup/connections/c")]
    [InlineData("DELETE", "/api/hubs/chat/permissions/sendToGroup/connections/c")]
    [InlineData("HEAD", "/api/hubs/chat/permissions/sendToGroup/connections/c")]
    public async Task EveryOperation_IsRouted_AndRequiresAToken(string method, string path)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(new HttpMethod(method), path + "?api-version=2024-12-01", token: string.Empty);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Error.Unauthorized", Assert.Single(response.Headers.GetValues("x-ms-error-code")));
    }

    /// <summary>A body of unknown length, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedStream : Stream
    {
        private long _remaining;

        public ChunkedStream(long length)
        {
            _remaining = length;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, Math.Min(_remaining, 8192));
            Array.Fill(buffer, (byte)'x', offset, n);
            _remaining -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
