using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Azure.Shared;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>
/// A client for one hub of the Azure Web PubSub data-plane REST API: send messages, manage groups, connections and
/// permissions, and issue client access tokens. Authenticates with an access key (a JWT per request, audience = the
/// request URL) or with Entra ID through a <see cref="TokenCredential"/>. Thread-safe; create one per hub and reuse it.
/// </summary>
public partial class WebPubSubRestClient
{
    /// <summary>The Entra ID scope of the Web PubSub data plane.</summary>
    public const string EntraScope = "https://webpubsub.azure.com/.default";

    private readonly HttpPipeline _pipeline = null!;
    private readonly Uri _endpoint = null!;
    private readonly string _hub = null!;
    private readonly string _apiVersion = null!;
    private readonly WebPubSubRestClientOptions.ServiceVersion _serviceVersion;
    private readonly AccessKeyAuthenticationPolicy? _keyPolicy;
    private readonly TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>For mocking.</summary>
    protected WebPubSubRestClient()
    {
    }

    /// <summary>Creates a client from a connection string (<c>Endpoint=…;AccessKey=…;</c>).</summary>
    public WebPubSubRestClient(string connectionString, string hub)
        : this(connectionString, hub, new WebPubSubRestClientOptions())
    {
    }

    /// <summary>Creates a client from a connection string (<c>Endpoint=…;AccessKey=…;</c>).</summary>
    public WebPubSubRestClient(string connectionString, string hub, WebPubSubRestClientOptions options)
        : this(WebPubSubConnectionString.Parse(connectionString), hub, options)
    {
    }

    /// <summary>Creates a client that signs requests with an access key.</summary>
    public WebPubSubRestClient(Uri endpoint, string hub, AzureKeyCredential credential)
        : this(endpoint, hub, credential, new WebPubSubRestClientOptions())
    {
    }

    /// <summary>Creates a client that signs requests with an access key.</summary>
    public WebPubSubRestClient(Uri endpoint, string hub, AzureKeyCredential credential, WebPubSubRestClientOptions options)
        : this(endpoint, hub, options, credential ?? throw new ArgumentNullException(nameof(credential)), tokenCredential: null)
    {
    }

    /// <summary>Creates a client that authenticates with Entra ID (scope <see cref="EntraScope"/>).</summary>
    public WebPubSubRestClient(Uri endpoint, string hub, TokenCredential credential)
        : this(endpoint, hub, credential, new WebPubSubRestClientOptions())
    {
    }

    /// <summary>Creates a client that authenticates with Entra ID (scope <see cref="EntraScope"/>).</summary>
    public WebPubSubRestClient(Uri endpoint, string hub, TokenCredential credential, WebPubSubRestClientOptions options)
        : this(endpoint, hub, options, keyCredential: null, credential ?? throw new ArgumentNullException(nameof(credential)))
    {
    }

    private WebPubSubRestClient(WebPubSubConnectionString connectionString, string hub, WebPubSubRestClientOptions options)
        : this(connectionString.Endpoint, hub, new AzureKeyCredential(connectionString.AccessKey), options)
    {
    }

    private WebPubSubRestClient(
        Uri endpoint,
        string hub,
        WebPubSubRestClientOptions options,
        AzureKeyCredential? keyCredential,
        TokenCredential? tokenCredential)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The endpoint must be an absolute http or https URL.", nameof(endpoint));
        }

        _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), UriKind.Absolute);
        _hub = WebPubSubNames.ValidateHub(hub, nameof(hub));
        _apiVersion = options.Version;
        _serviceVersion = options.ServiceVersionValue;
        _timeProvider = options.TimeProvider ?? throw new ArgumentException("TimeProvider must not be null.", nameof(options));

        HttpPipelinePolicy authentication;
        if (keyCredential is not null)
        {
            _keyPolicy = new AccessKeyAuthenticationPolicy(keyCredential, _timeProvider, options.RestTokenLifetime, audienceHasQuery: true);
            authentication = _keyPolicy;
        }
        else
        {
            authentication = new BearerTokenAuthenticationPolicy(tokenCredential!, EntraScope);
        }

        _pipeline = HttpPipelineBuilder.Build(options, [], [authentication], new ResponseClassifier());
    }

    /// <summary>The hub this client works on.</summary>
    public virtual string Hub => _hub;

    /// <summary>The service endpoint.</summary>
    public virtual Uri Endpoint => _endpoint;

    private HttpMessage CreateHubMessage(RequestMethod method)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_endpoint);
        message.Request.Uri.AppendPath("/api/hubs/", escape: false);
        message.Request.Uri.AppendPath(_hub, escape: true);
        return message;
    }

    /// <summary>
    /// A request under <c>/api/hubs/{hub}</c>; <paramref name="path"/> alternates literal segments and values that are
    /// escaped (user ids, groups, connection ids), so a value can never add a path segment.
    /// </summary>
    private HttpMessage CreateHubMessage(RequestMethod method, params ReadOnlySpan<string> path)
    {
        var message = CreateHubMessage(method);
        for (var i = 0; i < path.Length; i++)
        {
            message.Request.Uri.AppendPath(path[i], escape: i % 2 == 1);
        }

        return message;
    }

    private async Task<Response> SendRequestAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        using (message)
        {
            return await ProcessAsync(message, async: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Response<bool>> SendExistsRequestAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        using (message)
        {
            return await ExistsAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    // A nextLink from the service already carries its api-version.
    private void AppendApiVersion(HttpMessage message)
    {
        if (!message.Request.Uri.Query.Contains("api-version=", StringComparison.Ordinal))
        {
            message.Request.Uri.AppendQuery("api-version", _apiVersion, escapeValue: true);
        }
    }

    private static void AppendRepeated(HttpMessage message, string name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (var value in values)
        {
            message.Request.Uri.AppendQuery(name, value, escapeValue: true);
        }
    }

    // async is false only for GetClientAccess, the one sync method, when it has to ask the service for the token.
    private async Task<Response> ProcessAsync(HttpMessage message, bool async, CancellationToken cancellationToken)
    {
        AppendApiVersion(message);
        if (async)
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _pipeline.Send(message, cancellationToken);
        }

        if (message.Response.IsError)
        {
            throw new RequestFailedException(message.Response);
        }

        return message.Response;
    }

    private async Task<Response<bool>> ExistsAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        message.ResponseClassifier = ExistsResponseClassifier.Instance;
        var response = await ProcessAsync(message, async: true, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    // GetClientAccess runs the same code with async: false, so the task has already completed when it returns.
    private static T Complete<T>(Task<T> task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("A synchronous call did not complete synchronously.");
        }

        return task.GetAwaiter().GetResult();
    }

    private static string ArgumentNotEmpty(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);
        return value;
    }
}
