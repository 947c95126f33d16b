using Azure;
using Azure.Core;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Tables;

/// <content>Entity group transactions.</content>
public partial class TableStorageClient
{
    /// <summary>
    /// Submits a batch as one entity group transaction: either every operation is applied or none is.
    /// </summary>
    /// <param name="batch">One to 100 operations on one partition.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The per-operation results, in the batch's order.</returns>
    /// <exception cref="TableBatchFailedException">
    /// An operation failed, so nothing was applied; the exception carries that operation's status, error code and index.
    /// </exception>
    public virtual async Task<Response<IReadOnlyList<TableBatchOperationResult>>> SubmitBatchAsync(TableBatch batch, CancellationToken cancellationToken = default) =>
        await SubmitBatchAsync(batch, true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="SubmitBatchAsync(TableBatch, CancellationToken)"/>
    public virtual Response<IReadOnlyList<TableBatchOperationResult>> SubmitBatch(TableBatch batch, CancellationToken cancellationToken = default) =>
        SubmitBatchAsync(batch, false, cancellationToken).EnsureCompleted();

    private async Task<Response<IReadOnlyList<TableBatchOperationResult>>> SubmitBatchAsync(TableBatch batch, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            throw new ArgumentException("The batch has no operations.", nameof(batch));
        }

        var batchBoundary = "batch_" + Guid.NewGuid().ToString("D");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("D");
        using var message = CreateMessage(RequestMethod.Post, AcceptedClassifier, "/$batch");
        message.Request.Headers.SetValue(StorageHeaders.ContentType, "multipart/mixed; boundary=" + batchBoundary);
        message.Request.Content = RequestContent.Create(TableBatchContent.Write(batch, _tableUri, batchBoundary, changesetBoundary));
        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(TableBatchResponse.Read(batch, response.Content), response);
    }
}
