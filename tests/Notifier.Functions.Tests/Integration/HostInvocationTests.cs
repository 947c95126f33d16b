using System.Net;
using System.Text;
using System.Text.Json;
using Notifier.Functions.Runtime;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Functions.QueueTriggers;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// The invocation routes publish with a queue's identity and trust the metadata they are given, so standalone they
/// answer only the in-process queue trigger, and the app refuses to let anyone act as any user outside Development.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class HostInvocationTests
{
    private readonly NotifierEnvironment _stack;

    public HostInvocationTests(StackFixture fixture)
    {
        _stack = fixture.Stack;
    }

    private NotifierClient Client => _stack.Client;

    public static TheoryData<string, string?> Strangers() => new()
    {
        { "queue-notifications", null },
        { "queue-notifications", "a-guessed-key" },
        { "queue-notifications", "" },
        { "servicebus-notifications", null },
        { "servicebus-notifications", "a-guessed-key" },
    };

    [Theory]
    [MemberData(nameof(Strangers))]
    public async Task A_stranger_cannot_invoke_a_queue_function_and_changes_nothing(string function, string? key)
    {
        var victim = NotifierClient.NewUser("victim");
        var claimed = NotifierClient.NewId();

        // What the probe sent: a forged sender, a pre-claimed id, and an enqueue time long past that would mark it expired.
        var message = $$"""{"id":"{{claimed}}","to":{"users":["{{victim}}"]},"title":"From the CEO","sender":"ceo"}""";
        var invocation = Invocation(message, enqueuedAt: DateTimeOffset.UtcNow.AddYears(-20));
        using var request = new HttpRequestMessage(HttpMethod.Post, function) { Content = new StringContent(invocation, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add(HostInvocationKey.HeaderName, key);
        }

        using var response = await _stack.App.Http.SendAsync(request);

        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, field: null);
        Assert.Null(await Client.StatusAsync(claimed));
        Assert.DoesNotContain(await Client.AllInboxAsync(victim), e => e.Id == claimed);

        // The id was not taken: the real publisher can still use it.
        await Client.PublishAcceptedAsync($$"""{"id":"{{claimed}}","to":{"users":["{{victim}}"]},"title":"The real one"}""");
    }

    [Fact]
    public async Task A_broadcast_through_the_invocation_route_is_refused()
    {
        var id = NotifierClient.NewId();
        using var response = await _stack.App.Http.PostAsync(
            "queue-notifications",
            new StringContent(Invocation($$"""{"id":"{{id}}","to":{"all":true},"title":"Everyone, click this"}"""), Encoding.UTF8, "application/json"));

        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, field: null);
        Assert.Null(await Client.StatusAsync(id));
    }

    [Fact]
    public async Task The_in_process_trigger_with_the_process_key_is_served()
    {
        var user = NotifierClient.NewUser("trigger");
        var messageId = Guid.NewGuid().ToString("N");
        using var response = await _stack.App.Host.PostAsync(
            "queue-notifications",
            new StringContent(Invocation($$"""{"to":{"users":["{{user}}"]},"title":"queued"}""", messageId), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(await Client.AllInboxAsync(user), e => e.Id == "q-" + messageId);
    }

    [Fact]
    public void Each_process_has_its_own_key_and_the_host_needs_none()
    {
        var standalone = new HostingFacts(UnderFunctionsHost: false);
        var first = new HostInvocationKey(standalone);
        var second = new HostInvocationKey(standalone);
        Assert.NotEqual(first.Value, second.Value);

        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        Assert.False(first.Admits(context.Request));
        context.Request.Headers[HostInvocationKey.HeaderName] = second.Value;
        Assert.False(first.Admits(context.Request));
        context.Request.Headers[HostInvocationKey.HeaderName] = first.Value;
        Assert.True(first.Admits(context.Request));

        // Under the host the handler listens on loopback at a port only the host knows, and the host posts no key.
        var underHost = new HostInvocationKey(new HostingFacts(UnderFunctionsHost: true));
        Assert.True(underHost.Admits(new Microsoft.AspNetCore.Http.DefaultHttpContext().Request));
    }

    internal static string Invocation(string message, string? messageId = null, DateTimeOffset? enqueuedAt = null)
    {
        var at = enqueuedAt ?? DateTimeOffset.UtcNow;
        var data = JsonSerializer.Serialize(JsonSerializer.Serialize(message));
        var id = JsonSerializer.Serialize(JsonSerializer.Serialize(messageId ?? Guid.NewGuid().ToString("N")));
        return $$$"""{"Data":{"message":{{{data}}}},"Metadata":{"DequeueCount":"1","Id":{{{id}}},"MessageId":{{{id}}},"DeliveryCount":"1","InsertionTime":"{{{at:yyyy-MM-ddTHH:mm:sszzz}}}","EnqueuedTimeUtc":"{{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss}}}"}}""";
    }
}
