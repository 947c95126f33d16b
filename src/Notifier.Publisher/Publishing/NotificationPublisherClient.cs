using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Publisher.Pipeline;
using Notifier.Publisher.Validation;
using Notifier.Publisher.Wire;

namespace Notifier.Publisher;

/// <summary>
/// Publishes notifications to Notifier over HTTP (<c>POST /api/notifications</c>) and reads what happened to them.
/// Notifications are checked against the service's rules before anything is sent; ids are chosen before the first
/// attempt, so the retries this client makes (429 and 503 after <c>Retry-After</c>, transport failures with back-off)
/// and the ones you make with the same <see cref="Notification"/> are replays, never duplicates. Thread-safe; create
/// one per service and reuse it.
/// </summary>
public class NotificationPublisherClient
{
    private const string ReplayedHeader = "Idempotent-Replayed";

    private readonly HttpPipeline _pipeline = null!;
    private readonly Uri _endpoint = null!;
    private readonly PublishLimits _limits = PublishLimits.Default;

    /// <summary>For mocking.</summary>
    protected NotificationPublisherClient()
    {
    }

    /// <summary>Creates a client that sends a publisher key (see <see cref="NotificationPublisherClientOptions.KeyHeaders"/>).</summary>
    /// <param name="endpoint">The function app, such as <c>https://notifier.azurewebsites.net</c> or <c>http://localhost:7071</c>.</param>
    /// <param name="credential">The key: an API key of the standalone app, or a function key in Azure.</param>
    /// <param name="options">The options.</param>
    public NotificationPublisherClient(Uri endpoint, AzureKeyCredential credential, NotificationPublisherClientOptions? options = null)
        : this(endpoint, options ?? new NotificationPublisherClientOptions(), KeyPolicy(credential, options))
    {
    }

    /// <summary>Creates a client that sends an Entra ID token with the publisher app role (<c>Notifications.Publish</c>).</summary>
    /// <param name="endpoint">The function app.</param>
    /// <param name="credential">The app's credential, such as a managed identity.</param>
    /// <param name="options">The options; <see cref="NotificationPublisherClientOptions.Scope"/> is required.</param>
    public NotificationPublisherClient(Uri endpoint, TokenCredential credential, NotificationPublisherClientOptions options)
        : this(endpoint, options, TokenPolicy(credential, options))
    {
    }

    /// <summary>
    /// Creates a client that sends an Entra ID token and a function key: in Azure the publish function's
    /// <c>authLevel: function</c> makes the Functions host ask for a key even from token publishers.
    /// </summary>
    /// <param name="endpoint">The function app.</param>
    /// <param name="credential">The app's credential.</param>
    /// <param name="functionKey">The function key.</param>
    /// <param name="options">The options; <see cref="NotificationPublisherClientOptions.Scope"/> is required.</param>
    public NotificationPublisherClient(Uri endpoint, TokenCredential credential, AzureKeyCredential functionKey, NotificationPublisherClientOptions options)
        : this(endpoint, options, TokenPolicy(credential, options), KeyPolicy(functionKey, options, PublisherKeyHeaders.FunctionKey))
    {
    }

    private NotificationPublisherClient(Uri endpoint, NotificationPublisherClientOptions options, params HttpPipelinePolicy[] authentication)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The endpoint must be an absolute http or https URL.", nameof(endpoint));
        }

        _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), UriKind.Absolute);
        _limits = new PublishLimits(options.MaxTtlSeconds, options.MaxRecipientsPerRequest);
        options.RetryPolicy ??= new PublisherRetryPolicy(options.Retry, options.TimeProvider ?? TimeProvider.System);
        _pipeline = HttpPipelineBuilder.Build(options, [], authentication, new ResponseClassifier());
    }

    /// <summary>Gets the function app this client publishes to.</summary>
    public virtual Uri Endpoint => _endpoint;

    /// <summary>Publishes one notification. A 202 means it is stored for every recipient.</summary>
    /// <param name="notification">The notification; its <see cref="Notification.Id"/> is chosen now if it has none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The receipt; <see cref="PublishReceipt.IsReplay"/> when the service had it already.</returns>
    /// <exception cref="NotificationValidationException">The notification breaks a rule; nothing was sent.</exception>
    /// <exception cref="NotificationPublishException">The service refused it (400, 401, 409, 413; 429 or 503 once retries ran out).</exception>
    public virtual async Task<Response<PublishReceipt>> PublishAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        NotificationRules.Check(notification, _limits);
        var body = JsonSerializer.SerializeToUtf8Bytes(notification, PublisherJsonContext.Default.Notification);
        using var message = CreateMessage(RequestMethod.Post, "/api/notifications");
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(body);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 202)
        {
            throw new NotificationPublishException(response);
        }

        var receipt = Read(response, PublisherJsonContext.Default.PublishReceipt);
        var replayed = response.Headers.TryGetValue(ReplayedHeader, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
        return Response.FromValue(replayed ? CopyAsReplay(receipt) : receipt, response);
    }

    /// <summary>
    /// Publishes up to 100 notifications in one request, stored in order. The batch is checked whole first: one invalid
    /// notification and nothing is sent. The result says what happened to each; items <c>unavailable</c> can be sent
    /// again in a batch of the same objects, and the settled ones then answer <c>replayed</c>.
    /// </summary>
    /// <param name="notifications">1 to 100 notifications with distinct ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per notification (202, or 207 when some are <c>conflict</c> or <c>unavailable</c>).</returns>
    /// <exception cref="NotificationValidationException">A notification breaks a rule; nothing was sent.</exception>
    /// <exception cref="NotificationPublishException">The service refused the whole batch; <see cref="NotificationPublishException.Results"/> says why for each item.</exception>
    public virtual async Task<Response<PublishBatchResult>> PublishBatchAsync(IEnumerable<Notification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var batch = notifications.ToArray();
        NotificationRules.CheckBatch(batch, _limits);
        var body = JsonSerializer.SerializeToUtf8Bytes(batch, PublisherJsonContext.Default.IReadOnlyListNotification);
        using var message = CreateMessage(RequestMethod.Post, "/api/notifications");
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(body);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is not (202 or 207))
        {
            throw new NotificationPublishException(response);
        }

        var result = Read(response, PublisherJsonContext.Default.PublishBatchResult);
        return Response.FromValue(new PublishBatchResult { Results = result.Results, RetryAfter = RetryAfterHeader.Read(response) }, response);
    }

    /// <summary>Reads what happened to a notification: its state and how many recipients received and read it.</summary>
    /// <param name="id">The notification id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    /// <exception cref="NotificationPublishException">404 for an unknown id, or another refusal.</exception>
    public virtual async Task<Response<NotificationStatus>> GetStatusAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IdentifierRule.IsValid(id))
        {
            throw new ArgumentException("The id " + IdentifierRule.Message, nameof(id));
        }

        using var message = CreateMessage(RequestMethod.Get, "/api/notifications/");
        message.Request.Uri.AppendPath(id, escape: true);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200)
        {
            throw new NotificationPublishException(response);
        }

        return Response.FromValue(Read(response, PublisherJsonContext.Default.NotificationStatus), response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_endpoint);
        message.Request.Uri.AppendPath(path, escape: false);
        message.Request.Headers.SetValue("Accept", "application/json");
        return message;
    }

    private static T Read<T>(Response response, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(response.Content.ToMemory().Span, type)
        ?? throw new RequestFailedException(response.Status, $"The service answered {response.Status} with an empty body.");

    private static PublishReceipt CopyAsReplay(PublishReceipt receipt) => new()
    {
        Id = receipt.Id,
        Status = receipt.Status,
        CreatedAt = receipt.CreatedAt,
        ExpiresAt = receipt.ExpiresAt,
        StatusUrl = receipt.StatusUrl,
        IsReplay = true,
    };

    private static PublisherKeyPolicy KeyPolicy(AzureKeyCredential credential, NotificationPublisherClientOptions? options, PublisherKeyHeaders? headers = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new PublisherKeyPolicy(credential, headers ?? options?.KeyHeaders ?? PublisherKeyHeaders.Both);
    }

    private static BearerTokenAuthenticationPolicy TokenPolicy(TokenCredential credential, NotificationPublisherClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Scope))
        {
            throw new ArgumentException("Set options.Scope to the publisher audience followed by /.default (Notifier:Publishers:Audience of the app, such as api://notifier-api/.default).", nameof(options));
        }

        return new BearerTokenAuthenticationPolicy(credential, options.Scope);
    }
}
