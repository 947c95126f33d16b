using System.Net;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.EventHandler.Internal;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

/// <summary>
/// <see cref="WebPubSubEventHandlerOptions.AuthorizeUpstream"/>: for a resource without access keys (local auth
/// disabled, managed-identity upstream auth), the application's check replaces <c>ce-signature</c>; where keys exist,
/// both must pass.
/// </summary>
public sealed class UpstreamAuthorizationTests
{
    private const string Token = "Bearer good-token";

    private static ValueTask<string?> Authorize(Microsoft.AspNetCore.Http.HttpRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(request.Headers.Authorization.ToString() == Token ? null : "Not the service's identity.");

    [Fact]
    public async Task Without_keys_an_authorized_unsigned_request_is_handled()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
        {
            o.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint));
            o.AuthorizeUpstream = Authorize;
        });
        using var request = CloudEventRequests.Connected(signature: string.Empty);
        request.Headers.Remove("ce-signature");
        request.Headers.TryAddWithoutValidation("Authorization", Token);

        using var response = await host.Client.SendAsync(request);

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Single(host.Recorder.Requests);
    }

    [Fact]
    public async Task Without_keys_a_refused_request_gets_401_and_reaches_no_handler()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
        {
            o.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint));
            o.AuthorizeUpstream = Authorize;
        });
        using var request = CloudEventRequests.Connected();
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer someone-else");

        using var response = await host.Client.SendAsync(request);

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Not the service's identity.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Recorder.Requests);
    }

    [Fact]
    public async Task With_keys_both_the_signature_and_the_check_must_pass()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
        {
            o.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint, TestKeys.Primary));
            o.AuthorizeUpstream = Authorize;
        });
        using var forged = CloudEventRequests.Connected(signature: CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Unknown));
        forged.Headers.TryAddWithoutValidation("Authorization", Token);

        using var response = await host.Client.SendAsync(forged);

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(host.Recorder.Requests);
    }

    [Fact]
    public void Endpoints_without_keys_are_refused_at_start_unless_the_app_authorizes_the_upstream()
    {
        var options = new WebPubSubEventHandlerOptions();
        options.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint));
        var validator = new WebPubSubEventHandlerOptionsValidator<RecordingHandler>();
        var name = WebPubSubEventHandlerOptions.GetName(typeof(RecordingHandler));

        Assert.True(validator.Validate(name, options).Failed);
        options.AuthorizeUpstream = Authorize;
        Assert.True(validator.Validate(name, options).Succeeded);
    }
}
