using System.Text;
using System.Text.Json;
using Notifier.Core.Notifications;

namespace Notifier.Core.Tests.Notifications;

public class NotificationRequestParserTests
{
    private static readonly NotificationLimits Limits = new();

    private static ParsedRequests Parse(string json) => new NotificationRequestParser(Limits).Parse(Encoding.UTF8.GetBytes(json));

    private static NotificationRequest ParseValid(string json)
    {
        var parsed = Parse(json);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return Assert.Single(parsed.Requests);
    }

    /// <summary>Asserts that the body is refused with exactly one error, on <paramref name="field"/>, as a 400 (not a size limit).</summary>
    private static ValidationError AssertRefused(string json, string field)
    {
        var parsed = Parse(json);
        Assert.False(parsed.IsValid);
        Assert.Empty(parsed.Requests);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(field, error.Field);
        Assert.False(error.TooLarge);
        Assert.False(parsed.IsTooLarge);
        return error;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    // ---- malformed or wrongly shaped bodies ----

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"x\",}")]
    [InlineData("not json")]
    public void MalformedJson_IsRefusedNamingBody(string json)
    {
        var error = AssertRefused(json, "body");
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("true")]
    public void NonObjectBody_IsRefusedNamingBody(string json)
    {
        var error = AssertRefused(json, "body");
        Assert.Equal("must be a JSON object.", error.Message);
    }

    [Theory]
    [InlineData("{\"to\":\"alice\",\"title\":\"t\"}", "to")]
    [InlineData("{\"to\":[\"alice\"],\"title\":\"t\"}", "to")]
    [InlineData("{\"to\":{\"users\":\"alice\"},\"title\":\"t\"}", "to.users")]
    [InlineData("{\"to\":{\"users\":{\"a\":1}},\"title\":\"t\"}", "to.users")]
    [InlineData("{\"to\":{\"users\":[\"a\",7]},\"title\":\"t\"}", "to.users[1]")]
    [InlineData("{\"to\":{\"users\":[null]},\"title\":\"t\"}", "to.users[0]")]
    [InlineData("{\"to\":{\"groups\":\"g\"},\"title\":\"t\"}", "to.groups")]
    [InlineData("{\"to\":{\"groups\":[\"g\",true]},\"title\":\"t\"}", "to.groups[1]")]
    [InlineData("{\"to\":{\"all\":\"yes\"},\"title\":\"t\"}", "to.all")]
    [InlineData("{\"to\":{\"all\":1},\"title\":\"t\"}", "to.all")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"id\":5,\"title\":\"t\"}", "id")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"type\":5,\"title\":\"t\"}", "type")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":5}", "title")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":[\"t\"]}", "title")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"body\":5}", "body")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"url\":5}", "url")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"data\":\"x\"}", "data")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"data\":[1]}", "data")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"ttlSeconds\":\"60\"}", "ttlSeconds")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"receipt\":\"true\"}", "receipt")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"receipt\":1}", "receipt")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"sender\":5}", "sender")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"sender\":{}}", "sender")]
    public void WrongTypeForAField_IsRefusedNamingTheField(string json, string field) => AssertRefused(json, field);

    [Fact]
    public void MissingTo_IsRefusedNamingTo()
    {
        var error = AssertRefused("{\"title\":\"t\"}", "to");
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTopLevelField_IsRefusedNamingIt()
    {
        var error = AssertRefused("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"priority\":\"high\"}", "priority");
        Assert.Equal("is not a field of a notification.", error.Message);
    }

    [Fact]
    public void UnknownRecipientKind_IsRefusedNamingIt()
    {
        var error = AssertRefused("{\"to\":{\"emails\":[\"a@example.com\"]},\"title\":\"t\"}", "to.emails");
        Assert.Contains("not a kind of recipient", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"to\":{},\"title\":\"t\"}")]
    [InlineData("{\"to\":{\"users\":[]},\"title\":\"t\"}")]
    [InlineData("{\"to\":{\"users\":[],\"groups\":[]},\"title\":\"t\"}")]
    [InlineData("{\"to\":{\"all\":false},\"title\":\"t\"}")]
    [InlineData("{\"to\":{\"users\":null},\"title\":\"t\"}")]
    public void NoRecipient_IsRefusedNamingTo(string json)
    {
        var error = AssertRefused(json, "to");
        Assert.Contains("names no recipient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreThanTheRecipientLimit_CountingUsersAndGroups_IsRefused()
    {
        var users = Enumerable.Range(0, 600).Select(i => $"u{i}").ToArray();
        var groups = Enumerable.Range(0, 401).Select(i => $"g{i}").ToArray();
        var error = AssertRefused(Json(new { to = new { users, groups }, title = "t" }), "to");
        Assert.Contains("1001", error.Message, StringComparison.Ordinal);
        Assert.Contains("1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExactlyTheRecipientLimit_IsAccepted()
    {
        var users = Enumerable.Range(0, 600).Select(i => $"u{i}").ToArray();
        var groups = Enumerable.Range(0, 400).Select(i => $"g{i}").ToArray();
        var request = ParseValid(Json(new { to = new { users, groups }, title = "t" }));
        Assert.Equal(600, request.To.Users.Count);
        Assert.Equal(400, request.To.Groups.Count);
    }

    [Fact]
    public void RecipientLimit_CountsDistinctUsers()
    {
        // 1,500 entries but only 2 distinct users.
        var users = Enumerable.Range(0, 1500).Select(i => i % 2 == 0 ? "a" : "b").ToArray();
        var request = ParseValid(Json(new { to = new { users }, title = "t" }));
        Assert.Equal(["a", "b"], request.To.Users);
    }

    [Theory]
    [InlineData("{\"to\":{\"all\":true,\"users\":[\"a\"]},\"title\":\"t\"}")]
    [InlineData("{\"to\":{\"all\":true,\"groups\":[\"g\"]},\"title\":\"t\"}")]
    public void AllCombinedWithUsersOrGroups_IsRefusedNamingToAll(string json) => AssertRefused(json, "to.all");

    public static TheoryData<string> InvalidIdentifiers => new()
    {
        string.Empty,
        new string('a', 129),
        "with space",
        "a/b",
        "caf\u00e9",
        "\u0430dmin", // Cyrillic 'a'
        "tab\there",
        "\ud83d\ude00",
        "a#b",
        "'quoted'",
    };

    [Theory]
    [MemberData(nameof(InvalidIdentifiers))]
    public void InvalidNotificationId_IsRefused(string id)
    {
        var error = AssertRefused(Json(new { id, to = new { users = new[] { "a" } }, title = "t" }), "id");
        Assert.StartsWith("must be 1 to 128 characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidIdentifiers))]
    public void InvalidUserId_IsRefusedWithItsIndex(string user) =>
        AssertRefused(Json(new { to = new { users = new[] { "ok", user } }, title = "t" }), "to.users[1]");

    [Theory]
    [MemberData(nameof(InvalidIdentifiers))]
    public void InvalidGroupName_IsRefusedWithItsIndex(string group) =>
        AssertRefused(Json(new { to = new { groups = new[] { group } }, title = "t" }), "to.groups[0]");

    [Theory]
    [MemberData(nameof(InvalidIdentifiers))]
    public void InvalidSender_IsRefused(string sender) =>
        AssertRefused(Json(new { to = new { users = new[] { "a" } }, title = "t", sender }), "sender");

    [Theory]
    [MemberData(nameof(InvalidIdentifiers))]
    public void InvalidType_IsRefused(string type) =>
        AssertRefused(Json(new { to = new { users = new[] { "a" } }, title = "t", type }), "type");

    [Fact]
    public void IdentifiersUsingEveryAllowedCharacter_AndExactly128Long_AreAccepted()
    {
        var longest = new string('z', 128);
        var request = ParseValid(Json(new { id = "Aa0._:@-", to = new { users = new[] { longest, "user@example.com" }, groups = new[] { "tenant:42.sales_eu-1" } }, title = "t", sender = "svc:billing" }));
        Assert.Equal("Aa0._:@-", request.Id);
        Assert.Equal([longest, "user@example.com"], request.To.Users);
        Assert.Equal(["tenant:42.sales_eu-1"], request.To.Groups);
        Assert.Equal("svc:billing", request.Sender);
    }

    [Fact]
    public void ReceiptWithoutSender_IsRefusedNamingReceipt()
    {
        var error = AssertRefused("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"receipt\":true}", "receipt");
        Assert.Contains("sender", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiptWithSender_IsAccepted()
    {
        var request = ParseValid("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"receipt\":true,\"sender\":\"boss\"}");
        Assert.True(request.Receipt);
        Assert.Equal("boss", request.Sender);
    }

    [Fact]
    public void ReceiptFalseWithoutSender_IsAccepted() =>
        Assert.False(ParseValid("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"receipt\":false}").Receipt);

    [Theory]
    [InlineData("{\"to\":{\"users\":[\"a\"]}}")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"type\":\"ping\",\"url\":\"/x\"}")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":null,\"body\":null,\"data\":null}")]
    public void NothingToShow_IsRefusedNamingTitle(string json)
    {
        var error = AssertRefused(json, "title");
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\"}")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"body\":\"b\"}")]
    [InlineData("{\"to\":{\"users\":[\"a\"]},\"data\":{\"k\":1}}")]
    public void TitleOrBodyOrData_IsEnoughToShow(string json) => ParseValid(json);

    [Theory]
    [InlineData("0", "must be between 1 and 2592000.")]
    [InlineData("-5", "must be between 1 and 2592000.")]
    [InlineData("2592001", "must be between 1 and 2592000.")]
    [InlineData("99999999999999999999", "must be a whole number of seconds.")]
    [InlineData("1.5", "must be a whole number of seconds.")]
    [InlineData("60.25", "must be a whole number of seconds.")]
    public void TtlOutOfRangeOrFractional_IsRefused(string ttl, string message)
    {
        var error = AssertRefused($"{{\"to\":{{\"users\":[\"a\"]}},\"title\":\"t\",\"ttlSeconds\":{ttl}}}", "ttlSeconds");
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3600)]
    [InlineData(2_592_000)]
    public void TtlWithinRange_IsKept(int ttl) =>
        Assert.Equal(ttl, ParseValid($"{{\"to\":{{\"users\":[\"a\"]}},\"title\":\"t\",\"ttlSeconds\":{ttl}}}").TtlSeconds);

    [Fact]
    public void TtlLimit_FollowsTheConfiguredMaximum()
    {
        var parser = new NotificationRequestParser(new NotificationLimits { MaxTtl = TimeSpan.FromMinutes(1) });
        var parsed = parser.Parse("{\"to\":{\"users\":[\"a\"]},\"title\":\"t\",\"ttlSeconds\":61}"u8.ToArray());
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("ttlSeconds", error.Field);
        Assert.Equal("must be between 1 and 60.", error.Message);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("//evil.example/phish")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("ftp://files.example/x")]
    [InlineData("orders/42")]
    [InlineData("")]
    public void UnsafeOrRelativeUrl_IsRefused(string url) =>
        AssertRefused(Json(new { to = new { users = new[] { "a" } }, title = "t", url }), "url");

    [Theory]
    [InlineData("/\\evil.example/phish")]
    [InlineData("/\t/evil.example/phish")]
    public void ProtocolRelativeUrlInDisguise_IsRefused(string url) =>
        AssertRefused(Json(new { to = new { users = new[] { "a" } }, title = "t", url }), "url");

    [Theory]
    [InlineData("/orders/42")]
    [InlineData("/")]
    [InlineData("https://x")]
    [InlineData("http://example.com/a?b=c#d")]
    [InlineData("HTTPS://EXAMPLE.COM/")]
    public void PathOrHttpUrl_IsAccepted(string url) =>
        Assert.Contains(url, Encoding.UTF8.GetString(ParseValid(Json(new { to = new { users = new[] { "a" } }, title = "t", url })).Content.Span), StringComparison.Ordinal);

    [Fact]
    public void TitleLongerThan1024Characters_IsRefused() =>
        AssertRefused(Json(new { to = new { users = new[] { "a" } }, title = new string('t', 1025) }), "title");

    [Fact]
    public void UrlLongerThan2048Characters_IsRefused() =>
        AssertRefused(Json(new { to = new { users = new[] { "a" } }, title = "t", url = "/" + new string('u', 2048) }), "url");

    [Fact]
    public void DataNestedTooDeeply_IsRefusedAsMalformed()
    {
        var json = "{\"to\":{\"users\":[\"a\"]},\"data\":" + string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40) + "}";
        AssertRefused(json, "body");
    }

    [Fact]
    public void SeveralErrors_AreAllReported()
    {
        var parsed = Parse("{\"to\":{\"users\":[\"a b\"]},\"title\":5,\"ttlSeconds\":0,\"extra\":1}");
        Assert.Empty(parsed.Requests);
        Assert.Equal(["extra", "title", "to.users[0]", "ttlSeconds"], parsed.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    // ---- size limits ----

    // {"type":"notification","body":""} is 33 bytes.
    private const int BodyAtLimit = 64_000 - 33;

    [Fact]
    public void ContentOfExactly64000Bytes_IsAccepted()
    {
        var request = ParseValid(Json(new { to = new { users = new[] { "a" } }, body = new string('b', BodyAtLimit) }));
        Assert.Equal(64_000, request.Content.Length);
    }

    [Fact]
    public void ContentOver64000Bytes_IsTooLargeNamingTheBody()
    {
        var parsed = Parse(Json(new { to = new { users = new[] { "a" } }, body = new string('b', BodyAtLimit + 1) }));
        Assert.Empty(parsed.Requests);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("body", error.Field);
        Assert.True(error.TooLarge);
        Assert.True(parsed.IsTooLarge);
        Assert.Contains("64001 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentOverTheLimit_NamesDataWhenDataIsTheLargestField()
    {
        var parsed = Parse(Json(new { to = new { users = new[] { "a" } }, title = "t", body = new string('b', 30_000), data = new { blob = new string('d', 40_000) } }));
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("data", error.Field);
        Assert.True(parsed.IsTooLarge);
    }

    [Fact]
    public void ContentOverTheLimit_NamesBodyWhenBodyIsTheLargestField()
    {
        var parsed = Parse(Json(new { to = new { users = new[] { "a" } }, title = "t", body = new string('b', 40_000), data = new { blob = new string('d', 30_000) } }));
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("body", error.Field);
        Assert.True(parsed.IsTooLarge);
    }

    [Fact]
    public void ContentOverTheLimit_NamesTheLargestFieldInBytes()
    {
        var parsed = Parse(Json(new { to = new { users = new[] { "a" } }, body = new string('\u20ac', 22_000), data = new { blob = new string('d', 23_000) } }));
        var error = Assert.Single(parsed.Errors);
        Assert.True(error.TooLarge);
        Assert.Equal("body", error.Field);
    }

    [Fact]
    public void SizeLimit_FollowsTheConfiguredMaximum()
    {
        var parser = new NotificationRequestParser(new NotificationLimits { MaxContentBytes = 100 });
        var parsed = parser.Parse(Encoding.UTF8.GetBytes(Json(new { to = new { users = new[] { "a" } }, title = new string('t', 100) })));
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("title", error.Field);
        Assert.True(error.TooLarge);
    }

    // ---- batches ----

    private static string Item(int i, string extra = "") => $"{{\"id\":\"n{i}\",\"to\":{{\"users\":[\"u{i}\"]}},\"title\":\"t{i}\"{extra}}}";

    [Fact]
    public void EmptyBatch_IsRefusedNamingBody()
    {
        var parsed = Parse("[]");
        Assert.True(parsed.IsBatch);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("body", error.Field);
        Assert.False(parsed.IsTooLarge);
    }

    [Fact]
    public void BatchOf101_IsTooLarge()
    {
        var parsed = Parse("[" + string.Join(',', Enumerable.Range(0, 101).Select(i => Item(i))) + "]");
        Assert.True(parsed.IsBatch);
        Assert.Empty(parsed.Requests);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("body", error.Field);
        Assert.True(error.TooLarge);
        Assert.True(parsed.IsTooLarge);
    }

    [Fact]
    public void BatchOf100_IsAcceptedInOrder()
    {
        var parsed = Parse("[" + string.Join(',', Enumerable.Range(0, 100).Select(i => Item(i))) + "]");
        Assert.True(parsed.IsValid);
        Assert.True(parsed.IsBatch);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"n{i}"), parsed.Requests.Select(r => r.Id));
    }

    [Fact]
    public void ErrorInOneItem_IsReportedWithItsIndex_AndNoRequestIsReturned()
    {
        var items = Enumerable.Range(0, 5).Select(i => i == 3 ? Item(i, ",\"ttlSeconds\":0") : Item(i));
        var parsed = Parse("[" + string.Join(',', items) + "]");
        Assert.Empty(parsed.Requests);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("[3].ttlSeconds", error.Field);
    }

    [Fact]
    public void NestedFieldErrorInAnItem_IsPrefixedWithItsIndex()
    {
        var parsed = Parse("[" + Item(0) + ",{\"to\":{\"users\":[\"ok\",\"bad user\"]},\"title\":\"t\"}]");
        Assert.Equal("[1].to.users[1]", Assert.Single(parsed.Errors).Field);
        Assert.Empty(parsed.Requests);
    }

    [Fact]
    public void NonObjectItem_IsReportedByIndex()
    {
        var parsed = Parse("[" + Item(0) + ",42]");
        Assert.Equal("[1]", Assert.Single(parsed.Errors).Field);
        Assert.Empty(parsed.Requests);
    }

    [Fact]
    public void TooLargeItem_MakesTheBatchTooLarge()
    {
        var big = Json(new { to = new { users = new[] { "a" } }, body = new string('b', 70_000) });
        var parsed = Parse("[" + Item(0) + "," + big + "]");
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("[1].body", error.Field);
        Assert.True(parsed.IsTooLarge);
    }

    [Fact]
    public void DuplicateIdsInABatch_AreRefusedAtTheRepeat()
    {
        var parsed = Parse("[" + Item(1) + "," + Item(2) + "," + Item(1).Replace("t1", "other", StringComparison.Ordinal) + "]");
        Assert.Empty(parsed.Requests);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("[2].id", error.Field);
        Assert.Contains("n1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchItemsWithoutIds_AreNotDuplicates()
    {
        var parsed = Parse("[{\"to\":{\"users\":[\"a\"]},\"title\":\"t\"},{\"to\":{\"users\":[\"a\"]},\"title\":\"t\"}]");
        Assert.True(parsed.IsValid);
        Assert.Equal(2, parsed.Requests.Count);
        Assert.All(parsed.Requests, r => Assert.Null(r.Id));
    }

    [Fact]
    public void SingleObject_IsNotABatch()
    {
        var parsed = Parse(Item(0));
        Assert.False(parsed.IsBatch);
        Assert.True(parsed.IsValid);
    }

    // ---- happy paths ----

    [Fact]
    public void Defaults_TypeIsNotification_AndOptionalFieldsAreAbsent()
    {
        var request = ParseValid("{\"to\":{\"users\":[\"a\"]},\"title\":\"Hi\"}");
        Assert.Null(request.Id);
        Assert.Equal("notification", request.Type);
        Assert.Null(request.TtlSeconds);
        Assert.False(request.Receipt);
        Assert.Null(request.Sender);
        Assert.False(request.To.All);
        Assert.Empty(request.To.Groups);
        Assert.Equal("{\"type\":\"notification\",\"title\":\"Hi\"}", Encoding.UTF8.GetString(request.Content.Span));
    }

    [Fact]
    public void NullFields_AreTreatedAsAbsent()
    {
        var request = ParseValid("{\"id\":null,\"to\":{\"users\":[\"a\"],\"groups\":null,\"all\":null},\"type\":null,\"title\":\"Hi\",\"body\":null,\"url\":null,\"data\":null,\"ttlSeconds\":null,\"receipt\":null,\"sender\":null}");
        Assert.Null(request.Id);
        Assert.Equal("notification", request.Type);
        Assert.Equal("{\"type\":\"notification\",\"title\":\"Hi\"}", Encoding.UTF8.GetString(request.Content.Span));
    }

    [Fact]
    public void DuplicateUsersAndGroups_AreRemovedKeepingFirstOrder()
    {
        var request = ParseValid("{\"to\":{\"users\":[\"b\",\"a\",\"b\",\"a\",\"c\"],\"groups\":[\"g\",\"g\"]},\"title\":\"t\"}");
        Assert.Equal(["b", "a", "c"], request.To.Users);
        Assert.Equal(["g"], request.To.Groups);
    }

    [Fact]
    public void IdsAreCaseSensitive_SoDifferentCaseIsNotADuplicate() =>
        Assert.Equal(["a", "A"], ParseValid("{\"to\":{\"users\":[\"a\",\"A\"]},\"title\":\"t\"}").To.Users);

    [Fact]
    public void AllTrue_IsAcceptedWithoutUsersOrGroups()
    {
        var request = ParseValid("{\"to\":{\"all\":true},\"title\":\"t\"}");
        Assert.True(request.To.All);
        Assert.Empty(request.To.Users);
    }

    [Fact]
    public void Content_IsCompactJsonWithExactlyTheGivenFields_InCanonicalOrder()
    {
        var request = ParseValid("""
            {
              "data" : { "orderId" : 42, "tags" : [ "a", "b" ] },
              "url" : "/orders/42",
              "body" : "Your order\nshipped",
              "title" : "Shipped",
              "type" : "order.shipped",
              "to" : { "users" : [ "a" ] },
              "ttlSeconds" : 60,
              "sender" : "shop"
            }
            """);

        Assert.Equal("order.shipped", request.Type);
        Assert.Equal(60, request.TtlSeconds);
        Assert.Equal(
            "{\"type\":\"order.shipped\",\"title\":\"Shipped\",\"body\":\"Your order\\nshipped\",\"url\":\"/orders/42\",\"data\":{\"orderId\":42,\"tags\":[\"a\",\"b\"]}}",
            Encoding.UTF8.GetString(request.Content.Span));
    }

    [Fact]
    public void Content_KeepsNonAsciiTextAsUtf8()
    {
        var request = ParseValid("{\"to\":{\"users\":[\"a\"]},\"title\":\"Caf\\u00e9 \u2615\"}");
        Assert.Equal("{\"type\":\"notification\",\"title\":\"Café ☕\"}", Encoding.UTF8.GetString(request.Content.Span));
    }

    private const string Reference =
        "{\"id\":\"n1\",\"to\":{\"users\":[\"a\",\"b\"],\"groups\":[\"g1\",\"g2\"]},\"type\":\"t\",\"title\":\"T\",\"body\":\"B\",\"url\":\"/u\",\"data\":{\"k\":1},\"ttlSeconds\":60,\"receipt\":true,\"sender\":\"s\"}";

    [Fact]
    public void Fingerprint_IsEqualForTheSameContent_WrittenDifferently()
    {
        const string Same = """
            {
              "sender": "s", "receipt": true, "ttlSeconds": 60,
              "data": { "k" : 1 },
              "url": "/u", "body": "B", "title": "\u0054", "type": "t",
              "to": { "groups": ["g2", "g1", "g2"], "users": ["b", "a", "b"] },
              "id": "n1"
            }
            """;

        Assert.Equal(ParseValid(Reference).Fingerprint, ParseValid(Same).Fingerprint);
    }

    [Fact]
    public void Fingerprint_DoesNotDependOnTheId()
    {
        var withOtherId = Reference.Replace("\"id\":\"n1\"", "\"id\":\"n2\"", StringComparison.Ordinal);
        var withoutId = Reference.Replace("\"id\":\"n1\",", string.Empty, StringComparison.Ordinal);
        var fingerprint = ParseValid(Reference).Fingerprint;
        Assert.Equal(fingerprint, ParseValid(withOtherId).Fingerprint);
        Assert.Equal(fingerprint, ParseValid(withoutId).Fingerprint);
    }

    [Theory]
    [InlineData("\"users\":[\"a\",\"b\"]", "\"users\":[\"a\",\"c\"]")]
    [InlineData("\"users\":[\"a\",\"b\"]", "\"users\":[\"a\"]")]
    [InlineData("\"groups\":[\"g1\",\"g2\"]", "\"groups\":[\"g1\",\"g3\"]")]
    [InlineData("\"users\":[\"a\",\"b\"],\"groups\":[\"g1\",\"g2\"]", "\"users\":[\"g1\",\"g2\"],\"groups\":[\"a\",\"b\"]")]
    [InlineData("\"type\":\"t\"", "\"type\":\"t2\"")]
    [InlineData("\"title\":\"T\"", "\"title\":\"T2\"")]
    [InlineData("\"body\":\"B\"", "\"body\":\"B2\"")]
    [InlineData("\"url\":\"/u\"", "\"url\":\"/u2\"")]
    [InlineData("\"data\":{\"k\":1}", "\"data\":{\"k\":2}")]
    [InlineData("\"data\":{\"k\":1}", "\"data\":{\"k\":\"1\"}")]
    [InlineData("\"ttlSeconds\":60", "\"ttlSeconds\":61")]
    [InlineData(",\"ttlSeconds\":60", "")]
    [InlineData("\"sender\":\"s\"", "\"sender\":\"s2\"")]
    public void Fingerprint_DiffersWhenAFieldDiffers(string original, string replacement)
    {
        var changed = Reference.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Reference, changed);
        Assert.NotEqual(ParseValid(Reference).Fingerprint, ParseValid(changed).Fingerprint);
    }

    [Fact]
    public void Fingerprint_DiffersWithReceipt()
    {
        const string Without = "{\"to\":{\"users\":[\"a\"]},\"title\":\"T\",\"sender\":\"s\"}";
        const string With = "{\"to\":{\"users\":[\"a\"]},\"title\":\"T\",\"sender\":\"s\",\"receipt\":true}";
        Assert.NotEqual(ParseValid(Without).Fingerprint, ParseValid(With).Fingerprint);
    }

    [Fact]
    public void Fingerprint_DiffersWithAll()
    {
        const string Users = "{\"to\":{\"groups\":[\"g\"]},\"title\":\"T\"}";
        const string All = "{\"to\":{\"all\":true},\"title\":\"T\"}";
        Assert.NotEqual(ParseValid(Users).Fingerprint, ParseValid(All).Fingerprint);
    }

    [Fact]
    public void Fingerprint_DiffersWithoutSender()
    {
        const string With = "{\"to\":{\"users\":[\"a\"]},\"title\":\"T\",\"sender\":\"s\"}";
        const string Without = "{\"to\":{\"users\":[\"a\"]},\"title\":\"T\"}";
        Assert.NotEqual(ParseValid(With).Fingerprint, ParseValid(Without).Fingerprint);
    }

    [Fact]
    public void Broken_text_is_refused_by_field_and_yields_no_request()
    {
        var parsed = new NotificationRequestParser(new NotificationLimits()).Parse(Encoding.UTF8.GetBytes("""[{"to":{"users":["u"]},"title":"ok"},{"to":{"users":["u"]},"data":{"note":"\ud800"}}]"""));

        Assert.Empty(parsed.Requests);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("[1].data.note", error.Field);
        Assert.False(error.TooLarge);
    }

    [Fact]
    public void A_batch_naming_more_recipients_than_one_request_may_is_too_large()
    {
        var parser = new NotificationRequestParser(new NotificationLimits { MaxRecipientsPerRequest = 5 });
        var fits = parser.Parse(Encoding.UTF8.GetBytes("""[{"to":{"users":["a","b"]},"title":"x"},{"to":{"users":["c"],"groups":["g1","g2"]},"title":"y"}]"""));
        var over = parser.Parse(Encoding.UTF8.GetBytes("""[{"to":{"users":["a","b"]},"title":"x"},{"to":{"users":["c"],"groups":["g1","g2"]},"title":"y"},{"to":{"all":true},"title":"z"}]"""));

        Assert.True(fits.IsValid);
        Assert.Equal(5, fits.RecipientCount);
        Assert.True(over.IsTooLarge);
        var error = Assert.Single(over.Errors);
        Assert.Equal("body", error.Field);
        Assert.Contains("6 recipients", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_batch_reports_how_many_items_it_held()
    {
        var parsed = new NotificationRequestParser(new NotificationLimits()).Parse(Encoding.UTF8.GetBytes("""[{"to":{"users":["u"]},"title":"ok"},{"to":{"users":["u"]},"title":5},{"to":{"users":["u"]},"title":"ok"}]"""));

        Assert.False(parsed.IsValid);
        Assert.Equal(3, parsed.ItemCount);
    }
}
