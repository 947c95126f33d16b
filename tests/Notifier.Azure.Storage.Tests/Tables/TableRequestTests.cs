using Azure;
using Notifier.Azure.Storage.Tables;
using Notifier.Azure.Storage.Tests.Infrastructure;
using Notifier.Testing.Transport;

namespace Notifier.Azure.Storage.Tests.Tables;

public sealed class TableRequestTests
{
    [Fact]
    public async Task CreateIfNotExists_PostsTableNameWithODataHeaders()
    {
        var transport = new RecordingTransport(204);

        var created = await TestClients.Table(transport).CreateIfNotExistsAsync();

        var request = transport.OnlyRequest;
        Assert.True(created.Value);
        Assert.Equal("POST", request.Method);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1/Tables", request.Uri.AbsoluteUri);
        Assert.Equal("""{"TableName":"mytable"}""", request.BodyText);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("return-no-content", request.Header("Prefer"));
        Assert.Equal("2019-02-02", request.Header("x-ms-version"));
        Assert.Equal("application/json;odata=minimalmetadata", request.Header("Accept"));
        Assert.Equal("3.0;NetFx", request.Header("DataServiceVersion"));
        Assert.Equal("3.0;NetFx", request.Header("MaxDataServiceVersion"));
        Assert.Equal(TestClients.FixedDate, request.Header("x-ms-date"));
    }

    [Fact]
    public async Task CreateIfNotExists_TableAlreadyExists_ReturnsFalse()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(409, ODataError("TableAlreadyExists"), "application/json"));

        var created = await TestClients.Table(transport).CreateIfNotExistsAsync();

        Assert.False(created.Value);
    }

    [Fact]
    public async Task CreateIfNotExists_TableBeingDeleted_Throws()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(409, ODataError("TableBeingDeleted"), "application/json"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => TestClients.Table(transport).CreateIfNotExistsAsync());

        Assert.Equal(409, error.Status);
        Assert.Equal("TableBeingDeleted", error.ErrorCode);
    }

    [Fact]
    public async Task DeleteIfExists_DeletesTablesEntry_NotFoundIsFalse()
    {
        var transport = new RecordingTransport(404);

        var deleted = await TestClients.Table(transport).DeleteIfExistsAsync();

        Assert.False(deleted.Value);
        Assert.Equal("DELETE", transport.OnlyRequest.Method);
        Assert.Equal("/devstoreaccount1/Tables('mytable')", transport.OnlyRequest.Uri.AbsolutePath);
    }

    [Fact]
    public async Task AddEntity_PostsAnnotatedJsonToTheTable()
    {
        var transport = new RecordingTransport(204);
        var entity = new TableEntityRecord("u1", "r1")
        {
            ["Text"] = "hi",
            ["Count"] = 3,
            ["Seq"] = 9007199254740993L,
            ["SentAt"] = new DateTimeOffset(2025, 11, 21, 10, 0, 0, TimeSpan.Zero),
        };

        await TestClients.Table(transport).AddEntityAsync(entity);

        var request = transport.OnlyRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/devstoreaccount1/mytable", request.Uri.AbsolutePath);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("return-no-content", request.Header("Prefer"));
        Assert.Null(request.Header("If-Match"));
        Assert.Equal(
            """{"PartitionKey":"u1","RowKey":"r1","Text":"hi","Count":3,"Seq@odata.type":"Edm.Int64","Seq":"9007199254740993","SentAt@odata.type":"Edm.DateTime","SentAt":"2025-11-21T10:00:00.0000000Z"}""",
            request.BodyText);
    }

    [Theory]
    [InlineData(TableWriteMode.Merge, "MERGE")]
    [InlineData(TableWriteMode.Replace, "PUT")]
    public async Task UpsertEntity_UsesVerbForModeWithoutIfMatch(TableWriteMode mode, string method)
    {
        var transport = new RecordingTransport(204);

        await TestClients.Table(transport).UpsertEntityAsync(new TableEntityRecord("u1", "r1"), mode);

        Assert.Equal(method, transport.OnlyRequest.Method);
        Assert.Null(transport.OnlyRequest.Header("If-Match"));
        Assert.Equal("/devstoreaccount1/mytable(PartitionKey='u1',RowKey='r1')", transport.OnlyRequest.Uri.AbsolutePath);
    }

    [Theory]
    [InlineData(TableWriteMode.Merge, "MERGE")]
    [InlineData(TableWriteMode.Replace, "PUT")]
    public async Task UpdateEntity_SendsIfMatch(TableWriteMode mode, string method)
    {
        var transport = new RecordingTransport(204);
        var etag = new ETag("W/\"datetime'2025-11-21T10%3A00%3A00.1234567Z'\"");

        await TestClients.Table(transport).UpdateEntityAsync(new TableEntityRecord("u1", "r1"), etag, mode);

        Assert.Equal(method, transport.OnlyRequest.Method);
        Assert.Equal("W/\"datetime'2025-11-21T10%3A00%3A00.1234567Z'\"", transport.OnlyRequest.Header("If-Match"));
    }

    [Fact]
    public async Task UpdateEntity_WithoutETag_IsRejected()
    {
        var table = TestClients.Table(new RecordingTransport(204));

        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateEntityAsync(new TableEntityRecord("u1", "r1"), default));
    }

    [Fact]
    public async Task UpdateEntity_412_ThrowsConditionFailedWithBodyErrorCode()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(412, ODataError("UpdateConditionNotSatisfied"), "application/json"));

        var error = await Assert.ThrowsAsync<TableConditionFailedException>(
            () => TestClients.Table(transport).UpdateEntityAsync(new TableEntityRecord("u1", "r1"), ETag.All));

        Assert.Equal(412, error.Status);
        Assert.Equal(TableConditionFailedException.UpdateConditionNotSatisfied, error.ErrorCode);
        Assert.Equal(412, error.GetRawResponse()?.Status);
    }

    [Fact]
    public async Task DeleteEntity_DefaultsToIfMatchStar_AndSendsGivenETag()
    {
        var transport = new RecordingTransport(204);
        var table = TestClients.Table(transport);

        await table.DeleteEntityAsync("u1", "r1");
        await table.DeleteEntityAsync("u1", "r1", new ETag("W/\"x\""));

        Assert.Equal("DELETE", transport.Requests[0].Method);
        Assert.Equal("*", transport.Requests[0].Header("If-Match"));
        Assert.Equal("W/\"x\"", transport.Requests[1].Header("If-Match"));
        Assert.Null(transport.Requests[0].Header("Content-Type"));
    }

    [Fact]
    public async Task EntityAddress_DoublesQuotesThenPercentEncodes()
    {
        var transport = new RecordingTransport(204);

        await TestClients.Table(transport).DeleteEntityAsync("o'brien", "a b+é%");

        Assert.Equal(
            "/devstoreaccount1/mytable(PartitionKey='o%27%27brien',RowKey='a%20b%2B%C3%A9%25')",
            transport.OnlyRequest.Uri.AbsolutePath);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u007Fb")]
    public async Task InvalidKeys_AreRejectedBeforeSending(string key)
    {
        var transport = new RecordingTransport(204);
        var table = TestClients.Table(transport);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.DeleteEntityAsync("p", key));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpsertEntityAsync(new TableEntityRecord(key, "r")));

        Assert.Equal("rowKey", error.ParamName);
        Assert.Empty(transport.Requests);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("my-table")]
    public void InvalidTableName_IsRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => TestClients.Table(new RecordingTransport(204), name));
    }

    [Fact]
    public async Task GetEntity_SelectsProperties_AndReadsTypesFromAnnotations()
    {
        const string Body = """
            {"odata.metadata":"http://x/$metadata#mytable/@Element","odata.etag":"W/\"datetime'2025-11-21T10%3A00%3A00.5Z'\"",
             "PartitionKey":"u1","RowKey":"r1","Timestamp@odata.type":"Edm.DateTime","Timestamp":"2025-11-21T10:00:00.5Z",
             "Seq@odata.type":"Edm.Int64","Seq":"42","Count":7,"Ratio@odata.type":"Edm.Double","Ratio":2,"Pi":3.5,
             "Id@odata.type":"Edm.Guid","Id":"c3b3a6f0-0000-4000-8000-000000000001","Blob@odata.type":"Edm.Binary","Blob":"AQID",
             "At@odata.type":"Edm.DateTime","At":"2025-01-02T03:04:05.0000001Z","Ok":true,"Name":"n"}
            """;
        var transport = new RecordingTransport(_ => new RecordedResponse(200, Body, "application/json;odata=minimalmetadata"));

        var entity = (await TestClients.Table(transport).GetEntityAsync("u1", "r1", ["Seq", "Count"])).Value;

        Assert.Equal("GET", transport.OnlyRequest.Method);
        Assert.Equal(["Seq,Count"], transport.OnlyRequest.Query("$select"));
        Assert.Equal("u1", entity.PartitionKey);
        Assert.Equal("r1", entity.RowKey);
        Assert.Equal(new ETag("W/\"datetime'2025-11-21T10%3A00%3A00.5Z'\""), entity.ETag);
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 10, 0, 0, 500, TimeSpan.Zero), entity.Timestamp);
        Assert.Equal(42L, entity["Seq"]);
        Assert.Equal(7, entity["Count"]);
        Assert.Equal(2.0, entity["Ratio"]);
        Assert.Equal(3.5, entity["Pi"]);
        Assert.Equal(Guid.Parse("c3b3a6f0-0000-4000-8000-000000000001"), entity["Id"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, entity.GetBinary("Blob"));
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1), entity["At"]);
        Assert.Equal(true, entity["Ok"]);
        Assert.Equal("n", entity["Name"]);
        Assert.False(entity.ContainsKey("odata.metadata"));
    }

    [Fact]
    public async Task GetEntity_NotFound_ThrowsWithErrorCodeFromHeader()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(404) { Headers = { ["x-ms-error-code"] = "ResourceNotFound" } });

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => TestClients.Table(transport).GetEntityAsync("u1", "r1"));
        var maybe = await TestClients.Table(transport).GetEntityIfExistsAsync("u1", "r1");

        Assert.Equal(404, error.Status);
        Assert.Equal("ResourceNotFound", error.ErrorCode);
        Assert.False(maybe.HasValue);
        Assert.Throws<InvalidOperationException>(() => maybe.Value);
    }

    [Fact]
    public async Task QueryEntities_SendsEscapedFilterSelectTop_AndFollowsContinuationHeaders()
    {
        var transport = new RecordingTransport(request =>
        {
            if (request.Query("NextPartitionKey").Count == 0)
            {
                return new RecordedResponse(200, """{"value":[{"PartitionKey":"u1","RowKey":"a"}]}""", "application/json")
                {
                    Headers = { ["x-ms-continuation-NextPartitionKey"] = "1!8!dTE-", ["x-ms-continuation-NextRowKey"] = "1!4!Yg--" },
                };
            }

            return new RecordedResponse(200, """{"value":[{"PartitionKey":"u1","RowKey":"b"}]}""", "application/json");
        });
        var filter = TableFilter.Create($"PartitionKey eq {"o'brien"} and RowKey gt {"a b"}");

        var rows = new List<string>();
        await foreach (var entity in TestClients.Table(transport).QueryEntitiesAsync(filter, ["Text", "Read"], maxPerPage: 50))
        {
            rows.Add(entity.RowKey);
        }

        Assert.Equal(["a", "b"], rows);
        Assert.Equal(2, transport.Requests.Count);
        var first = transport.Requests[0];
        Assert.Equal("/devstoreaccount1/mytable()", first.Uri.AbsolutePath);
        Assert.Contains("$filter=PartitionKey%20eq%20%27o%27%27brien%27%20and%20RowKey%20gt%20%27a%20b%27", first.Uri.Query, StringComparison.Ordinal);
        Assert.Equal(["PartitionKey eq 'o''brien' and RowKey gt 'a b'"], first.Query("$filter"));
        Assert.Equal(["Text,Read"], first.Query("$select"));
        Assert.Equal(["50"], first.Query("$top"));
        var second = transport.Requests[1];
        Assert.Equal(["1!8!dTE-"], second.Query("NextPartitionKey"));
        Assert.Equal(["1!4!Yg--"], second.Query("NextRowKey"));
        Assert.Equal(first.Query("$filter"), second.Query("$filter"));
    }

    [Fact]
    public async Task QueryEntities_PagesExposeContinuationTokens()
    {
        var transport = new RecordingTransport(request => request.Query("NextPartitionKey").Count == 0
            ? new RecordedResponse(200, """{"value":[]}""", "application/json") { Headers = { ["x-ms-continuation-NextPartitionKey"] = "pk next" } }
            : new RecordedResponse(200, """{"value":[]}""", "application/json"));

        var tokens = new List<string?>();
        await foreach (var page in TestClients.Table(transport).QueryEntitiesAsync().AsPages())
        {
            tokens.Add(page.ContinuationToken);
        }

        Assert.Equal(2, tokens.Count);
        Assert.NotNull(tokens[0]);
        Assert.Null(tokens[1]);
        Assert.Equal(["pk next"], transport.Requests[1].Query("NextPartitionKey"));
        Assert.Empty(transport.Requests[1].Query("NextRowKey"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void QueryEntities_PageSizeOutOfRange_Throws(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestClients.Table(new RecordingTransport(200)).QueryEntitiesAsync(maxPerPage: size));
    }

    [Fact]
    public async Task ErrorWithoutHeader_TakesCodeFromODataBody()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(409, ODataError("EntityAlreadyExists"), "application/json"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => TestClients.Table(transport).AddEntityAsync(new TableEntityRecord("p", "r")));

        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Contains("The specified entity already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mocking_ProtectedConstructorAndVirtualMembers()
    {
        var mock = new MockTableClient();

        Assert.Equal("mocked", mock.Name);
    }

    private static string ODataError(string code) =>
        "{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"The specified entity already exists.\\nRequestId:1\"}}}";

    private sealed class MockTableClient : TableStorageClient
    {
        public override string Name => "mocked";
    }
}
