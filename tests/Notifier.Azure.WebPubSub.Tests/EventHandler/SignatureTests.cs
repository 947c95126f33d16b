using System.Net;
using Microsoft.Extensions.Logging;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

public sealed class SignatureTests
{
    // The ce-signature test vectors of the .NET SDK; the scheme is in https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events.
    [Theory]
    [InlineData("7aab239577fd4f24bc919802fb629f5f", "0f9c97a2f0bf4706afe87a14e0797b11", "sha256=7767effcb3946f3e1de039df4b986ef02c110b1469d02c0a06f41b3b727ab561")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH", "conn1", "sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993")]
    public async Task Spec_test_vector_is_accepted(string key, string connectionId, string signature)
    {
        Assert.Equal(signature, CloudEventSignature.Create(connectionId, [key]));
        await using var host = await EventHandlerHost.StartAsync(o =>
            o.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint, key)));

        using var response = await host.Client.SendAsync(CloudEventRequests.Connected(connectionId: connectionId, signature: signature));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(connectionId, host.Recorder.SingleRequest<ConnectedEventRequest>().ConnectionContext.ConnectionId);
    }

    [Fact]
    public async Task Uppercase_signature_is_accepted()
    {
        await using var host = await EventHandlerHost.StartAsync();
        var signature = CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Primary).ToUpperInvariant();

        using var response = await host.Client.SendAsync(CloudEventRequests.Connected(signature: signature));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Second_access_key_is_accepted()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
            o.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint, TestKeys.Primary, TestKeys.Secondary)));
        var signature = CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Secondary);

        using var response = await host.Client.SendAsync(CloudEventRequests.Connected(signature: signature));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Single(host.Recorder.Requests);
    }

    [Fact]
    public async Task Second_signature_value_is_accepted()
    {
        await using var host = await EventHandlerHost.StartAsync();
        // The service signs with both of its keys; only the second is configured here (the first was rotated away).
        var signature = CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Unknown, TestKeys.Primary);
        Assert.Contains(',', signature);

        using var response = await host.Client.SendAsync(CloudEventRequests.Connected(signature: signature));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Keys_of_several_connection_strings_are_all_accepted()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
        {
            o.ConnectionStrings.Add($"Endpoint={TestKeys.ServiceEndpoint};AccessKey={TestKeys.Primary};Version=1.0;");
            o.ConnectionStrings.Add($"Endpoint={TestKeys.ServiceEndpoint};AccessKey={TestKeys.Secondary};Version=1.0;");
        });

        using var primary = await host.Client.SendAsync(CloudEventRequests.Connected(signature: CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Primary)));
        using var secondary = await host.Client.SendAsync(CloudEventRequests.Connected(signature: CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Secondary)));

        await HttpResponseAssert.StatusAsync(primary, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(secondary, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Missing_signature_is_rejected_before_the_handler()
    {
        await using var host = await EventHandlerHost.StartAsync();
        using var request = CloudEventRequests.Connect("""{"claims":{}}""");
        request.Headers.Remove(CloudEventHeaders.Signature);

        using var response = await host.Client.SendAsync(request);

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(host.Recorder.Requests);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    public static TheoryData<string> WrongSignatures => new()
    {
        CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Unknown),
        CloudEventRequests.Sign("another-connection", TestKeys.Primary),
        "sha256=",
        "sha256=zz",
        "sha1=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993",
        "8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993",
        "sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c99",
        ",,,",
    };

    [Theory]
    [MemberData(nameof(WrongSignatures))]
    public async Task Wrong_signature_is_rejected_before_the_handler(string signature)
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = _ => throw new InvalidOperationException("The handler must not run.");

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.Connect, CloudEventTypes.ConnectEventName, CloudEventRequests.Json("{}"), signature: signature));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(host.Recorder.Requests);
        Assert.Equal(0, host.Recorder.HandlersCreated);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "SignatureRejected" && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Wrong_signature_on_user_event_is_rejected_before_reading_the_body()
    {
        await using var host = await EventHandlerHost.StartAsync();
        using var request = CloudEventRequests.Text("hello");
        request.Headers.Remove(CloudEventHeaders.Signature);
        request.Headers.TryAddWithoutValidation(CloudEventHeaders.Signature, CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Unknown));

        using var response = await host.Client.SendAsync(request);

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(host.Recorder.Requests);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }
}
