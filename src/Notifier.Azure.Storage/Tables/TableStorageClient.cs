using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Azure.Storage.Authentication;
using Notifier.Azure.Storage.ConnectionStrings;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Tables;

/// <summary>
/// A client for one Azure Storage table (or an Azurite table): table create/delete, entity CRUD with ETag
/// concurrency, OData queries with paging, and entity group transactions.
/// </summary>
/// <remarks>
/// Thread-safe; create one per table and reuse it. Authenticates with Shared Key Lite (account key) or an Entra ID
/// token. Failures throw <see cref="RequestFailedException"/> carrying the status and the service error code;
/// an ETag mismatch throws <see cref="TableConditionFailedException"/> and a rejected batch
/// <see cref="TableBatchFailedException"/>.
/// </remarks>
public partial class TableStorageClient
{
    private const string MinimalMetadata = "application/json;odata=minimalmetadata";
    private const string JsonContentType = "application/json";
    private const string ReturnNoContent = "return-no-content";
    private const string DataServiceVersion3 = "3.0;NetFx";

    private static readonly RequestMethod MergeMethod = new("MERGE");
    private static readonly ResponseClassifier CreateTableClassifier = new StatusCodeClassifier(new ushort[] { 201, 204, 409 });
    private static readonly ResponseClassifier DeleteTableClassifier = new StatusCodeClassifier(new ushort[] { 204, 404 });
    private static readonly ResponseClassifier InsertClassifier = new StatusCodeClassifier(new ushort[] { 201, 204 });
    private static readonly ResponseClassifier NoContentClassifier = new StatusCodeClassifier(new ushort[] { 204 });
    private static readonly ResponseClassifier DeleteEntityClassifier = new StatusCodeClassifier(new ushort[] { 204, 404 });
    private static readonly ResponseClassifier OkClassifier = new StatusCodeClassifier(new ushort[] { 200 });
    private static readonly ResponseClassifier OkOrNotFoundClassifier = new StatusCodeClassifier(new ushort[] { 200, 404 });
    private static readonly ResponseClassifier AcceptedClassifier = new StatusCodeClassifier(new ushort[] { 202 });

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly string _tableUri;
    private readonly string _version;

    /// <summary>Creates a client for a table using an account connection string.</summary>
    /// <param name="connectionString">A storage connection string, e.g. <c>UseDevelopmentStorage=true</c>.</param>
    /// <param name="tableName">The table name.</param>
    public TableStorageClient(string connectionString, string tableName)
        : this(connectionString, tableName, null)
    {
    }

    /// <summary>Creates a client for a table using an account connection string.</summary>
    /// <param name="connectionString">A storage connection string, e.g. <c>UseDevelopmentStorage=true</c>.</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="options">Client options, or <see langword="null"/> for defaults.</param>
    public TableStorageClient(string connectionString, string tableName, TableStorageClientOptions? options)
        : this(StorageConnectionString.Parse(connectionString), tableName, options)
    {
    }

    /// <summary>Creates a client that signs requests with the account key (Shared Key Lite).</summary>
    /// <param name="endpoint">The Table service endpoint, e.g. <c>https://acct.table.core.windows.net/</c>.</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="credential">The account name and key; <see cref="AzureNamedKeyCredential.Update"/> rotates the key.</param>
    public TableStorageClient(Uri endpoint, string tableName, AzureNamedKeyCredential credential)
        : this(endpoint, tableName, credential, null)
    {
    }

    /// <summary>Creates a client that signs requests with the account key (Shared Key Lite).</summary>
    /// <inheritdoc cref="TableStorageClient(Uri, string, AzureNamedKeyCredential)"/>
    /// <param name="endpoint">The Table service endpoint, e.g. <c>https://acct.table.core.windows.net/</c>.</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="credential">The account name and key.</param>
    /// <param name="options">Client options, or <see langword="null"/> for defaults.</param>
    public TableStorageClient(Uri endpoint, string tableName, AzureNamedKeyCredential credential, TableStorageClientOptions? options)
        : this(endpoint, tableName, options ??= new TableStorageClientOptions(), StoragePipeline.Build(
            options, options.TimeProvider, credential ?? throw new ArgumentNullException(nameof(credential)), StorageService.Table))
    {
    }

    /// <summary>Creates a client that authenticates with Entra ID tokens (scope <c>https://storage.azure.com/.default</c>).</summary>
    /// <param name="endpoint">The Table service endpoint (https).</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="credential">The token credential, e.g. a managed identity.</param>
    public TableStorageClient(Uri endpoint, string tableName, TokenCredential credential)
        : this(endpoint, tableName, credential, null)
    {
    }

    /// <summary>Creates a client that authenticates with Entra ID tokens (scope <c>https://storage.azure.com/.default</c>).</summary>
    /// <param name="endpoint">The Table service endpoint (https).</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="credential">The token credential, e.g. a managed identity.</param>
    /// <param name="options">Client options, or <see langword="null"/> for defaults.</param>
    public TableStorageClient(Uri endpoint, string tableName, TokenCredential credential, TableStorageClientOptions? options)
        : this(endpoint, tableName, options ??= new TableStorageClientOptions(), StoragePipeline.Build(
            options, options.TimeProvider, credential ?? throw new ArgumentNullException(nameof(credential))))
    {
    }

    /// <summary>Creates an uninitialized client for mocking.</summary>
    protected TableStorageClient()
    {
        _pipeline = null!;
        _endpoint = null!;
        _tableUri = null!;
        _version = null!;
        Name = null!;
    }

    private TableStorageClient(StorageConnectionString connectionString, string tableName, TableStorageClientOptions? options)
        : this(connectionString.TableEndpoint, tableName, connectionString.GetCredential(), options)
    {
    }

    private TableStorageClient(Uri endpoint, string tableName, TableStorageClientOptions options, HttpPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        TableKeys.ValidateTableName(tableName, nameof(tableName));
        _endpoint = endpoint;
        _tableUri = endpoint.AbsoluteUri.TrimEnd('/') + "/" + tableName;
        _version = options.Version;
        _pipeline = pipeline;
        Name = tableName;
    }

    /// <summary>Gets the table name.</summary>
    public virtual string Name { get; }

    /// <summary>Gets the Table service endpoint.</summary>
    public virtual Uri Endpoint => _endpoint;

    /// <summary>Creates the table unless it exists.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> if the table was created, <see langword="false"/> if it already existed.</returns>
    public virtual async Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        await CreateIfNotExistsAsync(true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="CreateIfNotExistsAsync(CancellationToken)"/>
    public virtual Response<bool> CreateIfNotExists(CancellationToken cancellationToken = default) =>
        CreateIfNotExistsAsync(false, cancellationToken).EnsureCompleted();

    /// <summary>Deletes the table and all its entities, if it exists.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> if the table was deleted, <see langword="false"/> if it did not exist.</returns>
    public virtual async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default) =>
        await DeleteIfExistsAsync(true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="DeleteIfExistsAsync(CancellationToken)"/>
    public virtual Response<bool> DeleteIfExists(CancellationToken cancellationToken = default) =>
        DeleteIfExistsAsync(false, cancellationToken).EnsureCompleted();

    internal static void RequireETag(ETag ifMatch, string paramName)
    {
        if (ifMatch == default)
        {
            throw new ArgumentException("An ETag is required; pass the ETag read earlier, or ETag.All to skip the check.", paramName);
        }
    }

    private async Task<Response<bool>> CreateIfNotExistsAsync(bool async, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Post, CreateTableClassifier, "/Tables");
        message.Request.Headers.SetValue(StorageHeaders.Prefer, ReturnNoContent);
        message.Request.Headers.SetValue(StorageHeaders.ContentType, JsonContentType);
        message.Request.Content = RequestContent.Create(WriteTableName(Name));
        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        if (response.Status == 409 && ErrorCode(response) != "TableAlreadyExists")
        {
            // 409 also means TableBeingDeleted: the table is going away, which is not "exists".
            throw CreateException(response);
        }

        return Response.FromValue(response.Status != 409, response);
    }

    private async Task<Response<bool>> DeleteIfExistsAsync(bool async, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Delete, DeleteTableClassifier, "/Tables('" + Name + "')");
        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Status == 204, response);
    }

    private HttpMessage CreateMessage(RequestMethod method, ResponseClassifier classifier, string relativePath)
    {
        var message = _pipeline.CreateMessage(null, classifier);
        var request = message.Request;
        request.Method = method;
        // Only AppendPath: assigning Uri.Path after Reset(Uri) leaves the cached Uri stale (Azure.Core 1.50),
        // and AppendPath joins "/account/" + "/table" with a single slash.
        request.Uri.Reset(_endpoint);
        request.Uri.AppendPath(relativePath, escape: false);
        request.Headers.SetValue(StorageHeaders.Version, _version);
        request.Headers.SetValue(StorageHeaders.Accept, MinimalMetadata);
        request.Headers.SetValue(StorageHeaders.DataServiceVersion, DataServiceVersion3);
        request.Headers.SetValue(StorageHeaders.MaxDataServiceVersion, DataServiceVersion3);
        return message;
    }

    private string EntityPath(string partitionKey, string rowKey)
    {
        var builder = new StringBuilder(Name.Length + partitionKey.Length + rowKey.Length + 32).Append('/').Append(Name);
        TableKeys.AppendEntityAddress(builder, partitionKey, rowKey);
        return builder.ToString();
    }

    private async Task<Response> SendAsync(HttpMessage message, bool async, CancellationToken cancellationToken)
    {
        var response = await StoragePipeline.SendAsync(_pipeline, message, async, cancellationToken).ConfigureAwait(false);
        return response.IsError ? throw CreateException(response) : response;
    }

    private static RequestFailedException CreateException(Response response) =>
        response.Status == 412
            ? new TableConditionFailedException(response)
            : new RequestFailedException(response, null, StorageErrorParser.Instance);

    private static string? ErrorCode(Response response) =>
        StorageErrorParser.Instance.TryParse(response, out var error, out _) ? error?.Code : null;

    private static ReadOnlyMemory<byte> WriteTableName(string tableName)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("TableName", tableName);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
