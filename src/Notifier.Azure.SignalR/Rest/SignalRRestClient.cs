using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Azure.Shared;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Rest;

/// <summary>
/// A client for one hub of the Azure SignalR Service data-plane REST API (the stable <c>/api/v1</c> routes): send to
/// all, a user, a group or a connection, manage group membership, close and probe connections, and issue client
/// access for a serverless negotiate. Authenticates with an access key (a JWT per request, audience = the request URL)
/// or with Entra ID through a <see cref="TokenCredential"/>. Thread-safe; create one per hub and reuse it.
/// </summary>
public partial class SignalRRestClient
{
    /// <summary>The Entra ID scope of the SignalR data plane.</summary>
    public const string EntraScope = "https://signalr.azure.com/.default";

    private readonly HttpPipeline _pipeline = null!;
    private readonly Uri _endpoint = null!;
    private readonly Uri _clientEndpoint = null!;
    private readonly string _hub = null!;
    private readonly AccessKeyAuthenticationPolicy? _keyPolicy;
    private readonly TimeProvider _timeProvider = TimeProvider.System;
    private readonly TimeSpan _clientTokenLifetime;

    /// <summary>For mocking.</summary>
    protected SignalRRestClient()
    {
    }

    /// <summary>Creates a client from an access-key connection string (<c>Endpoint=…;AccessKey=…;Version=1.0;</c>).</summary>
    public SignalRRestClient(string connectionString, string hub)
        : this(connectionString, hub, new SignalRRestClientOptions())
    {
    }

    /// <summary>Creates a client from an access-key connection string (<c>Endpoint=…;AccessKey=…;Version=1.0;</c>).</summary>
    /// <exception cref="ArgumentException">The connection string is invalid or has no access key (use the <see cref="TokenCredential"/> constructor for Entra ID).</exception>
    public SignalRRestClient(string connectionString, string hub, SignalRRestClientOptions options)
        : this(ParseWithKey(connectionString), hub, options)
    {
    }

    /// <summary>Creates a client that signs requests with an access key.</summary>
    public SignalRRestClient(Uri endpoint, string hub, AzureKeyCredential credential, SignalRRestClientOptions? options = null)
        : this(endpoint, hub, options ?? new SignalRRestClientOptions(), credential ?? throw new ArgumentNullException(nameof(credential)), tokenCredential: null, clientEndpoint: null)
    {
    }

    /// <summary>Creates a client that authenticates with Entra ID (scope <see cref="EntraScope"/>).</summary>
    public SignalRRestClient(Uri endpoint, string hub, TokenCredential credential, SignalRRestClientOptions? options = null)
        : this(endpoint, hub, options ?? new SignalRRestClientOptions(), keyCredential: null, credential ?? throw new ArgumentNullException(nameof(credential)), clientEndpoint: null)
    {
    }

    private SignalRRestClient(SignalRConnectionString connectionString, string hub, SignalRRestClientOptions options)
        : this(connectionString.ServerEndpoint, hub, options, new AzureKeyCredential(connectionString.AccessKey!), tokenCredential: null, connectionString.ClientEndpoint)
    {
    }

    private SignalRRestClient(
        Uri endpoint,
        string hub,
        SignalRRestClientOptions options,
        AzureKeyCredential? keyCredential,
        TokenCredential? tokenCredential,
        Uri? clientEndpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The endpoint must be an absolute http or https URL.", nameof(endpoint));
        }

        if (options.RestTokenLifetime <= TimeSpan.Zero || options.ClientTokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("RestTokenLifetime and ClientTokenLifetime must be positive.", nameof(options));
        }

        _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), UriKind.Absolute);
        _clientEndpoint = options.ClientEndpoint ?? clientEndpoint ?? _endpoint;
        _hub = SignalRNames.NormalizeHub(SignalRNames.ValidateHub(hub, nameof(hub)));
        _timeProvider = options.TimeProvider ?? throw new ArgumentException("TimeProvider must not be null.", nameof(options));
        _clientTokenLifetime = options.ClientTokenLifetime;

        HttpPipelinePolicy authentication;
        if (keyCredential is not null)
        {
            _keyPolicy = new AccessKeyAuthenticationPolicy(keyCredential, _timeProvider, options.RestTokenLifetime, audienceHasQuery: false);
            authentication = _keyPolicy;
        }
        else
        {
            authentication = new BearerTokenAuthenticationPolicy(tokenCredential!, EntraScope);
        }

        _pipeline = HttpPipelineBuilder.Build(options, [], [authentication], new ResponseClassifier());
    }

    /// <summary>The hub this client works on, lower-cased as the service sees it.</summary>
    public virtual string Hub => _hub;

    /// <summary>The service endpoint REST calls go to.</summary>
    public virtual Uri Endpoint => _endpoint;

    private static SignalRConnectionString ParseWithKey(string connectionString)
    {
        var parsed = SignalRConnectionString.Parse(connectionString);
        if (parsed.AccessKey is null)
        {
            throw new ArgumentException(
                $"The connection string uses AuthType '{parsed.AuthType}' and has no access key: create the client with a TokenCredential instead.",
                nameof(connectionString));
        }

        return parsed;
    }

    /// <summary>
    /// A request under <c>/api/v1/hubs/{hub}</c>; <paramref name="path"/> alternates literal segments and values that
    /// are escaped (user ids, groups, connection ids), so a value can never add a path segment.
    /// </summary>
    private HttpMessage CreateHubMessage(RequestMethod method, params ReadOnlySpan<string> path)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_endpoint);
        message.Request.Uri.AppendPath("/api/v1/hubs/", escape: false);
        message.Request.Uri.AppendPath(_hub, escape: true);
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
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (message.Response.IsError)
            {
                throw new RequestFailedException(message.Response);
            }

            return message.Response;
        }
    }

    private async Task<Response<bool>> SendExistsRequestAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        message.ResponseClassifier = ExistsResponseClassifier.Instance;
        var response = await SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    private static void AppendRepeated(HttpMessage message, string name, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
        {
            ArgumentNullException.ThrowIfNull(value, name);
            message.Request.Uri.AppendQuery(name, value, escapeValue: true);
        }
    }

    private static string ArgumentNotEmpty(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);
        return value;
    }
}
