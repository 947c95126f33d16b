using System.Net;
using System.Text.Json;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

public sealed class ConnectEventTests
{
    // Modelled on the connect example of https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events and the .NET SDK's fixtures: mapped .NET claim URIs, a numeric claim, and
    // access_token still in the query.
    private const string RealisticBody = """
        {
          "claims": {
            "sub": ["user1"],
            "aud": ["https://contoso.webpubsub.azure.com/client/hubs/chat"],
            "iat": [1629183374],
            "exp": ["1629186974"],
            "role": ["webpubsub.sendToGroup", "webpubsub.joinLeaveGroup"],
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier": ["user1"]
          },
          "query": { "access_token": ["eyJ..."], "foo": ["bar", "baz"] },
          "headers": {
            "Sec-WebSocket-Protocol": ["json.webpubsub.azure.v1, custom.v2"],
            "User-Agent": ["Mozilla/5.0"],
            "Connection": ["Upgrade"]
          },
          "subprotocols": ["json.webpubsub.azure.v1", "custom.v2"],
          "clientCertificates": [
            { "thumbprint": "ABCDEF0123456789ABCDEF0123456789ABCDEF01", "content": "-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----" }
          ],
          "futureField": { "ignored": true }
        }
        """;

    [Fact]
    public async Task Connect_body_is_typed()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(RealisticBody));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        var request = host.Recorder.SingleRequest<ConnectEventRequest>();
        Assert.Equal(["user1"], request.Claims["sub"]);
        Assert.Equal(["1629183374"], request.Claims["iat"]);
        Assert.Equal(["webpubsub.sendToGroup", "webpubsub.joinLeaveGroup"], request.Claims["role"]);
        Assert.Equal(["user1"], request.Claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier"]);
        Assert.False(request.Claims.ContainsKey("SUB"));
        Assert.Equal(["bar", "baz"], request.Query["FOO"]);
        Assert.Equal(["Mozilla/5.0"], request.Headers["user-agent"]);
        Assert.Equal([WebPubSubSubprotocols.Json, "custom.v2"], request.Subprotocols);
        var certificate = Assert.Single(request.ClientCertificates);
        Assert.Equal("ABCDEF0123456789ABCDEF0123456789ABCDEF01", certificate.Thumbprint);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\r\n", certificate.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_context_carries_the_cloud_event_attributes()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(RealisticBody, id: "1"));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        var context = host.Recorder.SingleRequest<ConnectEventRequest>().ConnectionContext;
        Assert.Equal(CloudEventRequests.Hub, context.Hub);
        Assert.Equal(CloudEventRequests.ConnectionId, context.ConnectionId);
        Assert.Equal(CloudEventRequests.UserId, context.UserId);
        Assert.Equal("connect", context.EventName);
        Assert.Equal(CloudEventTypes.Connect, context.EventType);
        Assert.Equal("1", context.EventId);
        Assert.Null(context.Subprotocol);
        Assert.Equal(TestKeys.ServiceHost, context.Origin);
        Assert.Equal(CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Primary), context.Signature);
        Assert.Equal(["1.0"], context.Headers["CE-AWPSVERSION"]);
        Assert.Empty(context.ConnectionStates);
    }

    [Fact]
    public async Task Anonymous_connection_has_no_user_id()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.Connect, CloudEventTypes.ConnectEventName, CloudEventRequests.Json("{}"), userId: null));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        Assert.Null(host.Recorder.SingleRequest<ConnectEventRequest>().ConnectionContext.UserId);
    }

    [Fact]
    public async Task Single_strings_and_nulls_are_tolerated()
    {
        await using var host = await EventHandlerHost.StartAsync();
        const string Body = """
            {"Claims":{"sub":"user1","admin":true,"n":1.5},"query":{"a":"b","c":null},"headers":null,
             "subprotocols":"json.webpubsub.azure.v1","clientCertificates":null}
            """;

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(Body));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        var request = host.Recorder.SingleRequest<ConnectEventRequest>();
        Assert.Equal(["user1"], request.Claims["sub"]);
        Assert.Equal(["true"], request.Claims["admin"]);
        Assert.Equal(["1.5"], request.Claims["n"]);
        Assert.Equal(["b"], request.Query["a"]);
        Assert.Empty(request.Query["c"]);
        Assert.Empty(request.Headers);
        Assert.Equal([WebPubSubSubprotocols.Json], request.Subprotocols);
        Assert.Empty(request.ClientCertificates);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public async Task Empty_connect_body_is_accepted(string body)
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(body));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        var request = host.Recorder.SingleRequest<ConnectEventRequest>();
        Assert.Empty(request.Claims);
        Assert.Empty(request.Subprotocols);
    }

    [Fact]
    public async Task Connect_response_is_json()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = request => request.CreateResponse(
            "user2", ["group1", "group2"], request.Subprotocols[0], ["webpubsub.joinLeaveGroup.group1"]);

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(RealisticBody));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("user2", root.GetProperty("userId").GetString());
        Assert.Equal(["group1", "group2"], root.GetProperty("groups").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["webpubsub.joinLeaveGroup.group1"], root.GetProperty("roles").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(WebPubSubSubprotocols.Json, root.GetProperty("subprotocol").GetString());
        Assert.False(response.Headers.Contains(CloudEventHeaders.ConnectionState));
    }

    [Fact]
    public async Task Connect_response_omits_what_was_not_set()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = _ => new ConnectEventResponse { UserId = "user2", Roles = [], Subprotocol = "" };

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(RealisticBody));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        // An empty role list is meaningful (it removes the token's roles), so it is kept; an empty subprotocol is not.
        Assert.Equal("""{"userId":"user2","roles":[]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Default_connect_response_is_no_content()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = request => new ConnectEventResponse();

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(RealisticBody));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(EventErrorCode.UserError, HttpStatusCode.BadRequest)]
    [InlineData(EventErrorCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(EventErrorCode.ServerError, HttpStatusCode.InternalServerError)]
    public async Task Connect_error_response_sets_status_and_body(EventErrorCode code, HttpStatusCode expected)
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = request => request.CreateErrorResponse(code, "Too many connections for user1.");

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(RealisticBody));

        Assert.Equal("Too many connections for user1.", await HttpResponseAssert.PlainTextAsync(response, expected));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "HandlerRejectedEvent");
    }

    [Fact]
    public async Task Connect_error_without_message_has_a_default_body()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = request => request.CreateErrorResponse(EventErrorCode.Unauthorized, null);

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(RealisticBody));

        Assert.Equal("Unauthorized.", await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.Unauthorized));
    }
}
