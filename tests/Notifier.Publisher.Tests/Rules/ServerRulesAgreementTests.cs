using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Notifier.Publisher.Tests.Infrastructure;
using Notifier.Publisher.Wire;
using Notifier.Testing.Functions;

namespace Notifier.Publisher.Tests.Rules;

/// <summary>
/// The library's local checks are the service's rules, reimplemented: each broken notification below is refused by the
/// client, and the same JSON sent past the client is refused by the running app, both naming the same fields. A valid
/// edge case passes both.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class ServerRulesAgreementTests(StackFixture fixture)
{
    private static readonly Dictionary<string, Func<Notification[]>> Cases = new()
    {
        ["user id with a space"] = () => [One(NotificationRecipients.ToUsers("has space"))],
        ["no recipient"] = () => [One(new NotificationRecipients())],
        ["all with users"] = () => [One(new NotificationRecipients { All = true, Users = ["a"] })],
        ["1,001 recipients"] = () => [One(NotificationRecipients.ToUsers(Enumerable.Range(0, 1001).Select(i => $"u{i}")))],
        ["bad group"] = () => [One(NotificationRecipients.ToGroups("ops", "no/slash"))],
        ["bad id"] = () => [new(NotificationRecipients.ToUsers("a")) { Id = "sp ace", Title = "t" }],
        ["id too long"] = () => [new(NotificationRecipients.ToUsers("a")) { Id = new string('a', 129), Title = "t" }],
        ["bad type"] = () => [new(NotificationRecipients.ToUsers("a")) { Type = "order shipped", Title = "t" }],
        ["bad sender"] = () => [new(NotificationRecipients.ToUsers("a")) { Sender = "b\u00f6b", Title = "t" }],
        ["title too long"] = () => [new(NotificationRecipients.ToUsers("a")) { Title = new string('t', 1025) }],
        ["protocol-relative url"] = () => [new(NotificationRecipients.ToUsers("a")) { Title = "t", Url = "//evil.example/x" }],
        ["backslash url"] = () => [new(NotificationRecipients.ToUsers("a")) { Title = "t", Url = "/\\evil.example" }],
        ["javascript url"] = () => [new(NotificationRecipients.ToUsers("a")) { Title = "t", Url = "javascript:alert(1)" }],
        ["url with a tab"] = () => [new(NotificationRecipients.ToUsers("a")) { Title = "t", Url = "/\t/evil.example" }],
        ["ttl zero"] = () => [new(NotificationRecipients.ToUsers("a")) { Title = "t", TtlSeconds = 0 }],
        ["ttl over 30 days"] = () => [new(NotificationRecipients.ToUsers("a")) { Title = "t", TtlSeconds = 30 * 86400 + 1 }],
        ["receipt without sender"] = () => [new(NotificationRecipients.ToUsers("a")) { Title = "t", Receipt = true }],
        ["no content"] = () => [new(NotificationRecipients.ToUsers("a"))],
        ["content over 64,000 bytes"] = () => [new(NotificationRecipients.ToUsers("a")) { Body = new string('\u20ac', 21_400) }],
        ["lone surrogate in title"] = () => [new(NotificationRecipients.ToUsers("a")) { Title = "bad \ud800 text" }],
        ["lone surrogate in data"] = () => [new(NotificationRecipients.ToUsers("a")) { Data = new JsonObject { ["note"] = "bad \udc00" } }],
        ["batch repeating an id"] = () => [new(NotificationRecipients.ToUsers("a")) { Id = "same", Title = "1" }, new(NotificationRecipients.ToUsers("a")) { Id = "same", Title = "2" }],
        ["batch with a broken second item"] = () => [One(NotificationRecipients.ToUsers("a")), new(NotificationRecipients.ToUsers("a")) { Url = "ftp://x", Title = "t" }],
        ["batch of 101"] = () => [.. Enumerable.Range(0, 101).Select(_ => One(NotificationRecipients.ToUsers("a")))],
        ["batch of 2,001 recipients"] = () => [.. Enumerable.Range(0, 3).Select(i => One(NotificationRecipients.ToUsers(Enumerable.Range(0, 667).Select(u => $"b{i}-{u}"))))],
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_client_and_the_service_refuse_the_same_fields(string name)
    {
        var notifications = Cases[name]();
        var isBatch = notifications.Length > 1;
        var client = fixture.Stack.CreateClient();

        var local = await Assert.ThrowsAsync<NotificationValidationException>(() =>
            isBatch ? client.PublishBatchAsync(notifications) : client.PublishAsync(notifications[0]));
        var server = await ServerErrorsAsync(notifications, isBatch);

        Assert.Equal(server, local.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Edge_cases_inside_the_rules_pass_both()
    {
        var user = LocalNotifier.NewUser("edge");
        var notification = new Notification(NotificationRecipients.ToUsers(user, user))
        {
            Id = "a.b_c:d@e-" + Guid.NewGuid().ToString("N"),
            Type = "x",
            Title = new string('t', 1024),
            Url = "/",
            Data = new JsonObject { ["emoji"] = "\ud83d\ude00" },
            TtlSeconds = 30 * 86400,
            Receipt = true,
            Sender = "s",
        };

        var receipt = (await fixture.Stack.CreateClient().PublishAsync(notification)).Value;

        Assert.Equal(notification.Id, receipt.Id);
    }

    private static Notification One(NotificationRecipients to) => new(to) { Title = "t" };

    private async Task<IEnumerable<string>> ServerErrorsAsync(Notification[] notifications, bool isBatch)
    {
        var body = isBatch
            ? JsonSerializer.SerializeToUtf8Bytes(notifications, PublisherJsonContext.Default.IReadOnlyListNotification)
            : JsonSerializer.SerializeToUtf8Bytes(notifications[0], PublisherJsonContext.Default.Notification);
        // System.Text.Json writes a lone surrogate as U+FFFD, which the service would store as if it were the text: the
        // client's own check is what stops that. The service is shown the lone surrogate itself, escaped.
        body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\\uFFFD", "\\uD800", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        using var response = await fixture.Stack.App.Users.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is 400 or 413, $"The service took what the client refuses: {(int)response.StatusCode} {text}");
        using var problem = JsonDocument.Parse(text);
        return [.. problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).Order(StringComparer.Ordinal)];
    }
}
