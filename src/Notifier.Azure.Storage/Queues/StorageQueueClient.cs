using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Azure.Storage.Authentication;
using Notifier.Azure.Storage.ConnectionStrings;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Queues;

/// <summary>
/// A client for one Azure Storage queue (or an Azurite queue): create/delete, send, receive, peek, update, delete
/// and clear messages, and the approximate message count.
/// </summary>
/// <remarks>
/// Thread-safe; create one per queue and reuse it. Message text is base64-encoded UTF-8 by default, which is what
/// the Azure Functions queue trigger expects; see <see cref="StorageQueueClientOptions.MessageEncoding"/>.
/// Failures throw <see cref="RequestFailedException"/> with the status and service error code.
/// </remarks>
public partial class StorageQueueClient
{
    private const string XmlContentType = "application/xml";

    private static readonly ResponseClassifier CreateClassifier = new StatusCodeClassifier(new ushort[] { 201, 204, 409 });
    private static readonly ResponseClassifier DeleteQueueClassifier = new StatusCodeClassifier(new ushort[] { 204, 404 });
    private static readonly ResponseClassifier CreatedClassifier = new StatusCodeClassifier(new ushort[] { 201 });
    private static readonly ResponseClassifier OkClassifier = new StatusCodeClassifier(new ushort[] { 200 });
    private static readonly ResponseClassifier NoContentClassifier = new StatusCodeClassifier(new ushort[] { 204 });

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly string _queuePath;
    private readonly string _version;
    private readonly StorageQueueMessageEncoding _encoding;

    /// <summary>Creates a client for a queue using an account connection string.</summary>
    /// <param name="connectionString">A storage connection string, e.g. <c>UseDevelopmentStorage=true</c>.</param>
    /// <param name="queueName">The queue name.</param>
    public StorageQueueClient(string connectionString, string queueName)
        : this(connectionString, queueName, null)
    {
    }

    /// <summary>Creates a client for a queue using an account connection string.</summary>
    /// <param name="connectionString">A storage connection string, e.g. <c>UseDevelopmentStorage=true</c>.</param>
    /// <param name="queueName">The queue name.</param>
    /// <param name="options">Client options, or <see langword="null"/> for defaults.</param>
    public StorageQueueClient(string connectionString, string queueName, StorageQueueClientOptions? options)
        : this(StorageConnectionString.Parse(connectionString), queueName, options)
    {
    }

    /// <summary>Creates a client that signs requests with the account key (Shared Key Lite).</summary>
    /// <param name="endpoint">The Queue service endpoint, e.g. <c>https://acct.queue.core.windows.net/</c>.</param>
    /// <param name="queueName">The queue name.</param>
    /// <param name="credential">The account name and key; <see cref="AzureNamedKeyCredential.Update"/> rotates the key.</param>
    public StorageQueueClient(Uri endpoint, string queueName, AzureNamedKeyCredential credential)
        : this(endpoint, queueName, credential, null)
    {
    }

    /// <summary>Creates a client that signs requests with the account key (Shared Key Lite).</summary>
    /// <param name="endpoint">The Queue service endpoint, e.g. <c>https://acct.queue.core.windows.net/</c>.</param>
    /// <param name="queueName">The queue name.</param>
    /// <param name="credential">The account name and key.</param>
    /// <param name="options">Client options, or <see langword="null"/> for defaults.</param>
    public StorageQueueClient(Uri endpoint, string queueName, AzureNamedKeyCredential credential, StorageQueueClientOptions? options)
        : this(endpoint, queueName, options ??= new StorageQueueClientOptions(), StoragePipeline.Build(
            options, options.TimeProvider, credential ?? throw new ArgumentNullException(nameof(credential)), StorageService.Queue))
    {
    }

    /// <summary>Creates a client that authenticates with Entra ID tokens (scope <c>https://storage.azure.com/.default</c>).</summary>
    /// <param name="endpoint">The Queue service endpoint (https).</param>
    /// <param name="queueName">The queue name.</param>
    /// <param name="credential">The token credential, e.g. a managed identity.</param>
    public StorageQueueClient(Uri endpoint, string queueName, TokenCredential credential)
        : this(endpoint, queueName, credential, null)
    {
    }

    /// <summary>Creates a client that authenticates with Entra ID tokens (scope <c>https://storage.azure.com/.default</c>).</summary>
    /// <param name="endpoint">The Queue service endpoint (https).</param>
    /// <param name="queueName">The queue name.</param>
    /// <param name="credential">The token credential, e.g. a managed identity.</param>
    /// <param name="options">Client options, or <see langword="null"/> for defaults.</param>
    public StorageQueueClient(Uri endpoint, string queueName, TokenCredential credential, StorageQueueClientOptions? options)
        : this(endpoint, queueName, options ??= new StorageQueueClientOptions(), StoragePipeline.Build(
            options, options.TimeProvider, credential ?? throw new ArgumentNullException(nameof(credential))))
    {
    }

    /// <summary>Creates an uninitialized client for mocking.</summary>
    protected StorageQueueClient()
    {
        _pipeline = null!;
        _endpoint = null!;
        _queuePath = null!;
        _version = null!;
        Name = null!;
    }

    private StorageQueueClient(StorageConnectionString connectionString, string queueName, StorageQueueClientOptions? options)
        : this(connectionString.QueueEndpoint, queueName, connectionString.GetCredential(), options)
    {
    }

    private StorageQueueClient(Uri endpoint, string queueName, StorageQueueClientOptions options, HttpPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ValidateQueueName(queueName);
        _endpoint = endpoint;
        _queuePath = "/" + queueName;
        _version = options.Version;
        _encoding = options.MessageEncoding;
        _pipeline = pipeline;
        Name = queueName;
    }

    /// <summary>Gets the queue name.</summary>
    public virtual string Name { get; }

    /// <summary>Gets the Queue service endpoint.</summary>
    public virtual Uri Endpoint => _endpoint;

    /// <summary>Creates the queue unless it exists.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> if the queue was created, <see langword="false"/> if it already existed.</returns>
    public virtual async Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        await CreateIfNotExistsAsync(true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="CreateIfNotExistsAsync(CancellationToken)"/>
    public virtual Response<bool> CreateIfNotExists(CancellationToken cancellationToken = default) =>
        CreateIfNotExistsAsync(false, cancellationToken).EnsureCompleted();

    /// <summary>Deletes the queue and its messages, if it exists.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> if the queue was deleted, <see langword="false"/> if it did not exist.</returns>
    public virtual async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default) =>
        await DeleteIfExistsAsync(true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="DeleteIfExistsAsync(CancellationToken)"/>
    public virtual Response<bool> DeleteIfExists(CancellationToken cancellationToken = default) =>
        DeleteIfExistsAsync(false, cancellationToken).EnsureCompleted();

    /// <summary>Gets the approximate number of messages in the queue (<c>x-ms-approximate-messages-count</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count; it may lag behind recent sends and deletes.</returns>
    public virtual async Task<Response<long>> GetApproximateMessagesCountAsync(CancellationToken cancellationToken = default) =>
        await GetApproximateMessagesCountAsync(true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="GetApproximateMessagesCountAsync(CancellationToken)"/>
    public virtual Response<long> GetApproximateMessagesCount(CancellationToken cancellationToken = default) =>
        GetApproximateMessagesCountAsync(false, cancellationToken).EnsureCompleted();

    private async Task<Response<bool>> CreateIfNotExistsAsync(bool async, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Put, CreateClassifier, string.Empty);
        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);

        // 204 and 409 (QueueAlreadyExists, the existing queue has other metadata) both mean the queue is there.
        return Response.FromValue(response.Status == 201, response);
    }

    private async Task<Response<bool>> DeleteIfExistsAsync(bool async, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Delete, DeleteQueueClassifier, string.Empty);
        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Status == 204, response);
    }

    private async Task<Response<long>> GetApproximateMessagesCountAsync(bool async, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, OkClassifier, string.Empty);
        message.Request.Uri.AppendQuery("comp", "metadata", escapeValue: false);
        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        if (!response.Headers.TryGetValue(StorageHeaders.ApproximateMessagesCount, out var text)
            || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            throw new RequestFailedException(response.Status, $"The response lacks a valid {StorageHeaders.ApproximateMessagesCount} header.");
        }

        return Response.FromValue(count, response);
    }

    private HttpMessage CreateMessage(RequestMethod method, ResponseClassifier classifier, string relativePath)
    {
        var message = _pipeline.CreateMessage(null, classifier);
        var request = message.Request;
        request.Method = method;
        // Only AppendPath: assigning Uri.Path after Reset(Uri) leaves the cached Uri stale (Azure.Core 1.50).
        request.Uri.Reset(_endpoint);
        request.Uri.AppendPath(_queuePath, escape: false);
        request.Uri.AppendPath(relativePath, escape: false);
        request.Headers.SetValue(StorageHeaders.Version, _version);
        return message;
    }

    private async Task<Response> SendAsync(HttpMessage message, bool async, CancellationToken cancellationToken)
    {
        var response = await StoragePipeline.SendAsync(_pipeline, message, async, cancellationToken).ConfigureAwait(false);
        return response.IsError ? throw new RequestFailedException(response, null, StorageErrorParser.Instance) : response;
    }

    /// <summary>Queue names: 3-63 lowercase letters, digits and single hyphens, starting and ending alphanumeric.</summary>
    private static void ValidateQueueName(string queueName)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        var valid = queueName.Length is >= 3 and <= 63 && queueName[0] != '-' && queueName[^1] != '-'
            && !queueName.Contains("--", StringComparison.Ordinal);
        foreach (var c in queueName)
        {
            valid &= char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';
        }

        if (!valid)
        {
            throw new ArgumentException(
                $"'{queueName}' is not a valid queue name: use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(queueName));
        }
    }
}
