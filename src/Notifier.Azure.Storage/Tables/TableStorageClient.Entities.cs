using System.Text.Json;
using Azure;
using Azure.Core;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Tables;

/// <content>Single-entity operations.</content>
public partial class TableStorageClient
{
    /// <summary>Inserts an entity; fails with 409 <c>EntityAlreadyExists</c> if it exists.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response; <c>Headers.ETag</c> holds the new ETag.</returns>
    public virtual async Task<Response> AddEntityAsync(TableEntityRecord entity, CancellationToken cancellationToken = default) =>
        await AddEntityAsync(entity, true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="AddEntityAsync(TableEntityRecord, CancellationToken)"/>
    public virtual Response AddEntity(TableEntityRecord entity, CancellationToken cancellationToken = default) =>
        AddEntityAsync(entity, false, cancellationToken).EnsureCompleted();

    /// <summary>Inserts the entity or, if it exists, merges into or replaces it, with no ETag check.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="mode"><see cref="TableWriteMode.Merge"/> keeps stored properties the entity lacks; <see cref="TableWriteMode.Replace"/> drops them.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response; <c>Headers.ETag</c> holds the new ETag.</returns>
    public virtual async Task<Response> UpsertEntityAsync(TableEntityRecord entity, TableWriteMode mode = TableWriteMode.Merge, CancellationToken cancellationToken = default) =>
        await WriteEntityAsync(entity, mode, default, true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="UpsertEntityAsync(TableEntityRecord, TableWriteMode, CancellationToken)"/>
    public virtual Response UpsertEntity(TableEntityRecord entity, TableWriteMode mode = TableWriteMode.Merge, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, mode, default, false, cancellationToken).EnsureCompleted();

    /// <summary>Updates an existing entity if its ETag still matches.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="ifMatch">The ETag read earlier, or <see cref="ETag.All"/> to update whatever version is stored.</param>
    /// <param name="mode">Merge or replace.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response; <c>Headers.ETag</c> holds the new ETag.</returns>
    /// <exception cref="TableConditionFailedException">The stored entity has another ETag (HTTP 412).</exception>
    /// <exception cref="RequestFailedException">The entity does not exist (404) or another failure.</exception>
    public virtual async Task<Response> UpdateEntityAsync(TableEntityRecord entity, ETag ifMatch, TableWriteMode mode = TableWriteMode.Merge, CancellationToken cancellationToken = default)
    {
        RequireETag(ifMatch, nameof(ifMatch));
        return await WriteEntityAsync(entity, mode, ifMatch, true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="UpdateEntityAsync(TableEntityRecord, ETag, TableWriteMode, CancellationToken)"/>
    public virtual Response UpdateEntity(TableEntityRecord entity, ETag ifMatch, TableWriteMode mode = TableWriteMode.Merge, CancellationToken cancellationToken = default)
    {
        RequireETag(ifMatch, nameof(ifMatch));
        return WriteEntityAsync(entity, mode, ifMatch, false, cancellationToken).EnsureCompleted();
    }

    /// <summary>Deletes an entity. A missing entity is not an error (the response status is 404).</summary>
    /// <param name="partitionKey">The partition key.</param>
    /// <param name="rowKey">The row key.</param>
    /// <param name="ifMatch">The ETag read earlier; <see langword="default"/> deletes any version (<c>If-Match: *</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="TableConditionFailedException">The stored entity has another ETag (HTTP 412).</exception>
    public virtual async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default) =>
        await DeleteEntityAsync(partitionKey, rowKey, ifMatch, true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="DeleteEntityAsync(string, string, ETag, CancellationToken)"/>
    public virtual Response DeleteEntity(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default) =>
        DeleteEntityAsync(partitionKey, rowKey, ifMatch, false, cancellationToken).EnsureCompleted();

    /// <summary>Reads one entity.</summary>
    /// <param name="partitionKey">The partition key.</param>
    /// <param name="rowKey">The row key.</param>
    /// <param name="selectProperties">Property names to return (<c>$select</c>), or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entity with its ETag and Timestamp.</returns>
    /// <exception cref="RequestFailedException">Status 404, code <c>ResourceNotFound</c>, if the entity does not exist.</exception>
    public virtual async Task<Response<TableEntityRecord>> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? selectProperties = null, CancellationToken cancellationToken = default)
    {
        var response = await GetEntityAsync(partitionKey, rowKey, selectProperties, OkClassifier, true, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Value!, response.GetRawResponse());
    }

    /// <inheritdoc cref="GetEntityAsync(string, string, IEnumerable{string}, CancellationToken)"/>
    public virtual Response<TableEntityRecord> GetEntity(string partitionKey, string rowKey, IEnumerable<string>? selectProperties = null, CancellationToken cancellationToken = default)
    {
        var response = GetEntityAsync(partitionKey, rowKey, selectProperties, OkClassifier, false, cancellationToken).EnsureCompleted();
        return Response.FromValue(response.Value!, response.GetRawResponse());
    }

    /// <summary>Reads one entity, or reports that it does not exist without throwing.</summary>
    /// <param name="partitionKey">The partition key.</param>
    /// <param name="rowKey">The row key.</param>
    /// <param name="selectProperties">Property names to return (<c>$select</c>), or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A response whose <see cref="NullableResponse{T}.HasValue"/> is <see langword="false"/> for a missing entity.</returns>
    public virtual async Task<NullableResponse<TableEntityRecord>> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? selectProperties = null, CancellationToken cancellationToken = default) =>
        await GetEntityAsync(partitionKey, rowKey, selectProperties, OkOrNotFoundClassifier, true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="GetEntityIfExistsAsync(string, string, IEnumerable{string}, CancellationToken)"/>
    public virtual NullableResponse<TableEntityRecord> GetEntityIfExists(string partitionKey, string rowKey, IEnumerable<string>? selectProperties = null, CancellationToken cancellationToken = default) =>
        GetEntityAsync(partitionKey, rowKey, selectProperties, OkOrNotFoundClassifier, false, cancellationToken).EnsureCompleted();

    private async Task<Response> AddEntityAsync(TableEntityRecord entity, bool async, CancellationToken cancellationToken)
    {
        ValidateEntity(entity);
        using var message = CreateMessage(RequestMethod.Post, InsertClassifier, "/" + Name);
        message.Request.Headers.SetValue(StorageHeaders.Prefer, ReturnNoContent);
        SetEntityContent(message.Request, entity);
        return await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Response> WriteEntityAsync(TableEntityRecord entity, TableWriteMode mode, ETag ifMatch, bool async, CancellationToken cancellationToken)
    {
        ValidateEntity(entity);
        var method = mode == TableWriteMode.Replace ? RequestMethod.Put : MergeMethod;
        using var message = CreateMessage(method, NoContentClassifier, EntityPath(entity.PartitionKey, entity.RowKey));

        // Without If-Match the service treats PUT/MERGE as insert-or-replace/insert-or-merge.
        if (ifMatch != default)
        {
            message.Request.Headers.SetValue(StorageHeaders.IfMatch, ifMatch.ToString("H"));
        }

        SetEntityContent(message.Request, entity);
        return await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, bool async, CancellationToken cancellationToken)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Delete, DeleteEntityClassifier, EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue(StorageHeaders.IfMatch, ifMatch == default ? "*" : ifMatch.ToString("H"));
        return await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
    }

    private async Task<NullableResponse<TableEntityRecord>> GetEntityAsync(
        string partitionKey, string rowKey, IEnumerable<string>? selectProperties, ResponseClassifier classifier, bool async, CancellationToken cancellationToken)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Get, classifier, EntityPath(partitionKey, rowKey));
        var selectText = FormatSelect(selectProperties);
        if (selectText is not null)
        {
            message.Request.Uri.AppendQuery("$select", selectText, escapeValue: true);
        }

        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return new NoValueResponse<TableEntityRecord>(response);
        }

        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var entity = TableEntityJson.Read(document.RootElement);
        if (entity.ETag == default && response.Headers.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return Response.FromValue(entity, response);
    }

    private static void ValidateEntity(TableEntityRecord entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeys.Validate(entity.PartitionKey, nameof(entity));
        TableKeys.Validate(entity.RowKey, nameof(entity));
    }

    private static void SetEntityContent(Request request, TableEntityRecord entity)
    {
        request.Headers.SetValue(StorageHeaders.ContentType, JsonContentType);
        request.Content = RequestContent.Create(TableEntityJson.Serialize(entity));
    }

    private static string? FormatSelect(IEnumerable<string>? select)
    {
        if (select is null)
        {
            return null;
        }

        var text = string.Join(',', select);
        return text.Length == 0 ? null : text;
    }
}
