using Azure;
using Notifier.Azure.Storage.Tables;
using Notifier.Azure.Storage.Tests.Infrastructure;
using Notifier.Testing.Transport;

namespace Notifier.Azure.Storage.Tests.Tables;

public sealed class TableBatchTests
{
    [Fact]
    public void Content_LaysOutOneChangesetWithAnHttpPartPerOperation()
    {
        var batch = new TableBatch("p")
            .AddEntity(new TableEntityRecord("p", "a") { ["N"] = 1 })
            .UpsertEntity(new TableEntityRecord("p", "b"), TableWriteMode.Replace)
            .UpdateEntity(new TableEntityRecord("p", "c"), new ETag("W/\"1\""))
            .DeleteEntity("it's");

        var body = System.Text.Encoding.UTF8.GetString(TableBatchContent.Write(batch, "http://h/acct/t", "batch_B", "changeset_C").Span);

        const string Expected =
            "--batch_B\r\n" +
            "Content-Type: multipart/mixed; boundary=changeset_C\r\n" +
            "\r\n" +
            "--changeset_C\r\n" +
            "Content-Type: application/http\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            "POST http://h/acct/t HTTP/1.1\r\n" +
            "Accept: application/json;odata=minimalmetadata\r\n" +
            "DataServiceVersion: 3.0;\r\n" +
            "Content-Type: application/json\r\n" +
            "Prefer: return-no-content\r\n" +
            "\r\n" +
            "{\"PartitionKey\":\"p\",\"RowKey\":\"a\",\"N\":1}\r\n" +
            "--changeset_C\r\n" +
            "Content-Type: application/http\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            "PUT http://h/acct/t(PartitionKey='p',RowKey='b') HTTP/1.1\r\n" +
            "Accept: application/json;odata=minimalmetadata\r\n" +
            "DataServiceVersion: 3.0;\r\n" +
            "Content-Type: application/json\r\n" +
            "\r\n" +
            "{\"PartitionKey\":\"p\",\"RowKey\":\"b\"}\r\n" +
            "--changeset_C\r\n" +
            "Content-Type: application/http\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            "MERGE http://h/acct/t(PartitionKey='p',RowKey='c') HTTP/1.1\r\n" +
            "Accept: application/json;odata=minimalmetadata\r\n" +
            "DataServiceVersion: 3.0;\r\n" +
            "Content-Type: application/json\r\n" +
            "If-Match: W/\"1\"\r\n" +
            "\r\n" +
            "{\"PartitionKey\":\"p\",\"RowKey\":\"c\"}\r\n" +
            "--changeset_C\r\n" +
            "Content-Type: application/http\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            "DELETE http://h/acct/t(PartitionKey='p',RowKey='it%27%27s') HTTP/1.1\r\n" +
            "Accept: application/json;odata=minimalmetadata\r\n" +
            "DataServiceVersion: 3.0;\r\n" +
            "If-Match: *\r\n" +
            "\r\n" +
            "--changeset_C--\r\n" +
            "--batch_B--\r\n";
        Assert.Equal(Expected, body);
    }

    [Fact]
    public async Task SubmitBatch_PostsMultipartToBatchEndpoint_AndReadsPerOperationResults()
    {
        const string Response =
            "--batchresponse_1\r\n" +
            "Content-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
            "--changesetresponse_2\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\nDataServiceVersion: 1.0;\r\nETag: W/\"datetime'1'\"\r\n\r\n\r\n" +
            "--changesetresponse_2\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nDataServiceVersion: 1.0;\r\n\r\n\r\n" +
            "--changesetresponse_2--\r\n" +
            "--batchresponse_1--\r\n";
        var transport = new RecordingTransport(_ => new RecordedResponse(202, Response, "multipart/mixed; boundary=batchresponse_1"));
        var batch = new TableBatch("p").AddEntity(new TableEntityRecord("p", "a")).DeleteEntity("b");

        var result = await TestClients.Table(transport).SubmitBatchAsync(batch);

        var request = transport.OnlyRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/devstoreaccount1/$batch", request.Uri.AbsolutePath);
        var contentType = request.Header("Content-Type")!;
        Assert.StartsWith("multipart/mixed; boundary=batch_", contentType, StringComparison.Ordinal);
        var boundary = contentType["multipart/mixed; boundary=".Length..];
        Assert.StartsWith($"--{boundary}\r\nContent-Type: multipart/mixed; boundary=changeset_", request.BodyText, StringComparison.Ordinal);
        Assert.EndsWith($"--{boundary}--\r\n", request.BodyText, StringComparison.Ordinal);
        Assert.Contains("POST http://127.0.0.1:10002/devstoreaccount1/mytable HTTP/1.1\r\n", request.BodyText, StringComparison.Ordinal);
        Assert.Equal(2, result.Value.Count);
        Assert.Equal(new ETag("W/\"datetime'1'\""), result.Value[0].ETag);
        Assert.Null(result.Value[1].ETag);
        Assert.Equal(204, result.Value[1].Status);
    }

    [Fact]
    public async Task SubmitBatch_FailedChangeset_ThrowsWithFailedOperation()
    {
        // The sample error response of the Table service documentation (performing-entity-group-transactions).
        const string Response =
            "--batchresponse_7ab1c77e\r\n" +
            "Content-Type: multipart/mixed; boundary=changesetresponse_6e46b9d3\r\n\r\n" +
            "--changesetresponse_6e46b9d3\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 409 Conflict\r\nContent-ID: 2\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\n" +
            "DataServiceVersion: 3.0;\r\nContent-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8\r\n\r\n" +
            "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"1:The specified entity already exists.\\nRequestId:2a3c\\nTime:2025-11-21T10:00:00Z\"}}}\r\n" +
            "--changesetresponse_6e46b9d3--\r\n" +
            "--batchresponse_7ab1c77e--\r\n";
        var transport = new RecordingTransport(_ => new RecordedResponse(202, Response, "multipart/mixed; boundary=batchresponse_7ab1c77e"));
        var batch = new TableBatch("p").AddEntity(new TableEntityRecord("p", "a")).AddEntity(new TableEntityRecord("p", "b"));

        var error = await Assert.ThrowsAsync<TableBatchFailedException>(() => TestClients.Table(transport).SubmitBatchAsync(batch));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Equal(1, error.FailedOperationIndex);
        Assert.Same(batch.Operations[1], error.FailedOperation);
        Assert.Contains("operation 1 (Add RowKey 'b')", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<RequestFailedException>(error);
    }

    [Fact]
    public async Task SubmitBatch_FailureWithoutIndexInMessage_UsesContentId()
    {
        const string Response =
            "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
            "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 412 Precondition Failed\r\nContent-ID: 1\r\n\r\n" +
            "{\"odata.error\":{\"code\":\"UpdateConditionNotSatisfied\",\"message\":{\"lang\":\"en-US\",\"value\":\"The update condition specified in the request was not satisfied.\"}}}\r\n" +
            "--changesetresponse_2--\r\n--batchresponse_1--\r\n";
        var transport = new RecordingTransport(_ => new RecordedResponse(202, Response));
        var batch = new TableBatch("p").UpdateEntity(new TableEntityRecord("p", "a"), new ETag("W/\"1\""));

        var error = await Assert.ThrowsAsync<TableBatchFailedException>(() => TestClients.Table(transport).SubmitBatchAsync(batch));

        Assert.Equal(412, error.Status);
        Assert.Equal(0, error.FailedOperationIndex);
    }

    [Fact]
    public async Task SubmitBatch_TopLevelRejection_ThrowsRequestFailed()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(400) { Headers = { ["x-ms-error-code"] = "InvalidInput" } });

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => TestClients.Table(transport).SubmitBatchAsync(new TableBatch("p").DeleteEntity("a")));

        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidInput", error.ErrorCode);
    }

    [Fact]
    public void Batch_RejectsOtherPartitionsAndMoreThan100Operations()
    {
        var batch = new TableBatch("p");
        for (var i = 0; i < TableBatch.MaxOperations; i++)
        {
            batch.DeleteEntity($"r{i}");
        }

        Assert.Throws<ArgumentException>(() => new TableBatch("p").AddEntity(new TableEntityRecord("q", "r")));
        Assert.Throws<InvalidOperationException>(() => batch.DeleteEntity("one-too-many"));
        Assert.Throws<ArgumentException>(() => new TableBatch("p").UpdateEntity(new TableEntityRecord("p", "r"), default));
        Assert.Throws<ArgumentException>(() => new TableBatch("p/q"));
    }

    [Fact]
    public async Task SubmitBatch_Empty_IsRejected()
    {
        var transport = new RecordingTransport(202);

        await Assert.ThrowsAsync<ArgumentException>(() => TestClients.Table(transport).SubmitBatchAsync(new TableBatch("p")));
        Assert.Empty(transport.Requests);
    }
}
