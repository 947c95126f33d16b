using System.Net;
using System.Text;
using System.Text.Json;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

public sealed class ConnectionStateTests
{
    [Fact]
    public async Task State_set_on_connect_comes_back_on_later_events()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = request =>
        {
            var response = request.CreateResponse("user1", null, null, null);
            response.SetState("counter", BinaryData.FromString("1"));
            response.SetState("device", BinaryData.FromBytes(new byte[] { 0, 255 }));
            return response;
        };
        host.Recorder.OnMessage = request =>
        {
            var counter = int.Parse(request.ConnectionContext.ConnectionStates["counter"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var response = request.CreateResponse($"count {counter}");
            response.SetState("counter", BinaryData.FromString((counter + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            response.ClearState("device");
            return response;
        };

        // connect: the state is set and encoded as base64(JSON object of base64 values), as in https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events
        using var connect = await host.Client.SendAsync(CloudEventRequests.Connect("{}"));
        await HttpResponseAssert.StatusAsync(connect, HttpStatusCode.OK);
        var state = Assert.Single(connect.Headers.GetValues(CloudEventHeaders.ConnectionState));
        Assert.Equal(new Dictionary<string, string> { ["counter"] = "MQ==", ["device"] = "AP8=" }, DecodeOuter(state));

        // the service echoes the header on the next event; the handler sees it decoded and changes it.
        using var message = await host.Client.SendAsync(CloudEventRequests.Text("hi", connectionState: state));
        await HttpResponseAssert.StatusAsync(message, HttpStatusCode.OK);
        Assert.Equal("count 1", await message.Content.ReadAsStringAsync());
        var received = host.Recorder.Requests.OfType<UserEventRequest>().Single().ConnectionContext.ConnectionStates;
        Assert.Equal("1", received["counter"].ToString());
        Assert.Equal(new byte[] { 0, 255 }, received["device"].ToArray());
        var updated = Assert.Single(message.Headers.GetValues(CloudEventHeaders.ConnectionState));
        Assert.Equal(new Dictionary<string, string> { ["counter"] = "Mg==" }, DecodeOuter(updated));

        // connected carries the state too.
        using var connected = await host.Client.SendAsync(CloudEventRequests.Connected(connectionState: updated));
        await HttpResponseAssert.StatusAsync(connected, HttpStatusCode.OK);
        Assert.Equal("2", host.Recorder.Requests.OfType<ConnectedEventRequest>().Single().ConnectionContext.ConnectionStates["counter"].ToString());
    }

    [Fact]
    public async Task Unchanged_state_writes_no_header()
    {
        await using var host = await EventHandlerHost.StartAsync();
        var state = Encode(new Dictionary<string, string> { ["counter"] = "MQ==" });
        host.Recorder.OnMessage = request =>
        {
            var response = new UserEventResponse();
            response.SetState("counter", BinaryData.FromString("1")); // same value as before
            return response;
        };

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("hi", connectionState: state));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        Assert.False(response.Headers.Contains(CloudEventHeaders.ConnectionState));
    }

    [Fact]
    public async Task No_state_edits_write_no_header()
    {
        await using var host = await EventHandlerHost.StartAsync();
        var state = Encode(new Dictionary<string, string> { ["counter"] = "MQ==" });
        host.Recorder.OnMessage = request => request.CreateResponse("x");

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("hi", connectionState: state));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.False(response.Headers.Contains(CloudEventHeaders.ConnectionState));
    }

    [Fact]
    public async Task Clearing_every_entry_writes_an_empty_object()
    {
        await using var host = await EventHandlerHost.StartAsync();
        var state = Encode(new Dictionary<string, string> { ["a"] = "MQ==", ["b"] = "Mg==" });
        host.Recorder.OnMessage = request =>
        {
            var response = new UserEventResponse();
            response.ClearStates();
            return response;
        };

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("hi", connectionState: state));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        Assert.Equal(Convert.ToBase64String("{}"u8), Assert.Single(response.Headers.GetValues(CloudEventHeaders.ConnectionState)));
    }

    [Fact]
    public async Task Error_response_keeps_the_state()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = request => request.CreateErrorResponse(EventErrorCode.Unauthorized, "no");

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect("{}"));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(response.Headers.Contains(CloudEventHeaders.ConnectionState));
    }

    public static TheoryData<string> MalformedStates => new()
    {
        "not base64!",
        Convert.ToBase64String("not json"u8),
        Convert.ToBase64String("[1]"u8),
        Convert.ToBase64String("""{"a":1}"""u8),
        Convert.ToBase64String("""{"a":{"b":"MQ=="}}"""u8),
        Convert.ToBase64String("""{"a":"not base64!"}"""u8),
        Convert.ToBase64String("""{"a":"MQ=="} {}"""u8),
        Convert.ToBase64String("""{"a":"MQ=="""u8),
        Convert.ToBase64String([0xFF, 0xFE]),
        Convert.ToBase64String([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'"', (byte)'"', (byte)'}']),
    };

    [Theory]
    [MemberData(nameof(MalformedStates))]
    public async Task Malformed_state_is_rejected_before_the_handler(string state)
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("hi", connectionState: state));

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(CloudEventHeaders.ConnectionState, body, StringComparison.Ordinal);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task Malformed_state_is_checked_after_the_signature()
    {
        await using var host = await EventHandlerHost.StartAsync();
        using var request = CloudEventRequests.Text("hi", connectionState: "not base64!");
        request.Headers.Remove(CloudEventHeaders.Signature);

        using var response = await host.Client.SendAsync(request);

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.Unauthorized);
    }

    private static Dictionary<string, string> DecodeOuter(string header)
    {
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(header));
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
    }

    private static string Encode(Dictionary<string, string> base64Values) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(base64Values));
}
