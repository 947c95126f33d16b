using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.SignalR.Connections;
using Notifier.Emulator.SignalR.Hosting;
using Notifier.Emulator.Upstream;

namespace Notifier.Emulator.SignalR.Upstream;

/// <summary>
/// Calls upstream for connection events and client invocations, as the service does in serverless mode: a
/// <c>POST</c> to the first matching URL template, with the <c>X-ASRS-*</c> headers and a signature over the connection
/// id. No retries. Invocation answers become the completion the client receives.
/// </summary>
internal sealed partial class SignalRUpstreamInvoker
{
    /// <summary>An answer larger than this is not passed to the client; it gets an error completion instead.</summary>
    public const int MaxResponseSize = 16 * 1024 * 1024;

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly byte[] ConnectedBody = "{\"type\":10}"u8.ToArray();

    private readonly UpstreamHttpClient _http;
    private readonly IOptionsMonitor<SignalROptions> _options;
    private readonly ILogger<SignalRUpstreamInvoker> _logger;

    public SignalRUpstreamInvoker(UpstreamHttpClient http, IOptionsMonitor<SignalROptions> options, ILogger<SignalRUpstreamInvoker> logger)
    {
        _http = http;
        _options = options;
        _logger = logger;
    }

    public Task ConnectedAsync(SignalRConnection connection, CancellationToken cancellationToken) =>
        NotifyAsync(connection, UpstreamEvents.Connected, ConnectedBody, cancellationToken);

    public Task DisconnectedAsync(SignalRConnection connection, string? error, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(64);
        using (var json = new System.Text.Json.Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteNumber("type"u8, (int)HubMessageType.CloseConnection);
            if (!string.IsNullOrEmpty(error))
            {
                json.WriteString("error"u8, error);
            }

            json.WriteEndObject();
        }

        return NotifyAsync(connection, UpstreamEvents.Disconnected, body.WrittenSpan.ToArray(), cancellationToken);
    }

    /// <summary>
    /// Forwards a client invocation (the record without its separator). For an <c>invoke</c>, returns the framed
    /// completion to send to the client; for a <c>send</c>, null.
    /// </summary>
    public async Task<byte[]?> InvokeAsync(SignalRConnection connection, HubMessage message, ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        var target = message.Target!;
        var invocationId = message.InvocationId;
        var url = UpstreamTemplateMatcher.Resolve(_options.CurrentValue.Upstream, connection.Hub.Name, UpstreamCategories.Messages, target);
        if (url is null)
        {
            Log.NoUpstream(_logger, connection.Hub.Name, UpstreamCategories.Messages, target);
            return invocationId is null ? null : HubMessageWriter.CompletionWithError(invocationId, $"No upstream is configured for '{target}'.");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CurrentValue.UpstreamTimeout);
            using var request = CreateRequest(url, connection, UpstreamCategories.Messages, target, record);
            using var response = await _http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            Log.Called(_logger, url, target, connection.ConnectionId, status);
            if (invocationId is null)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                return HubMessageWriter.CompletionWithError(invocationId, $"Invocation failed, status code {status}");
            }

            var body = await ReadCappedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (body is null)
            {
                return HubMessageWriter.CompletionWithError(invocationId, "Invocation failed, error: the response is too large.");
            }

            return body.Length == 0 ? HubMessageWriter.VoidCompletion(invocationId) : CheckCompletion(body, invocationId);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            Log.Failed(_logger, url, target, connection.ConnectionId, e.Message);
            return invocationId is null ? null : HubMessageWriter.CompletionWithError(invocationId, $"Invocation failed, error: {e.Message}");
        }
    }

    /// <summary>
    /// The service writes an invocation's answer to the client as it is, so it must be one framed completion for the
    /// same invocation; anything else would break the client's protocol, and becomes an error completion instead.
    /// </summary>
    private byte[] CheckCompletion(byte[] body, string invocationId)
    {
        var sequence = new ReadOnlySequence<byte>(body);
        if (HubRecords.TryRead(ref sequence, out var record)
            && sequence.IsEmpty
            && HubMessage.TryParse(record, ignoreCase: false, out var completion, out _)
            && completion.Type == HubMessageType.Completion
            && completion.InvocationId == invocationId)
        {
            return body;
        }

        Log.BadCompletion(_logger, invocationId);
        return HubMessageWriter.CompletionWithError(invocationId, "Invocation failed, error: upstream did not answer with a completion for this invocation.");
    }

    private async Task NotifyAsync(SignalRConnection connection, string eventName, byte[] body, CancellationToken cancellationToken)
    {
        var url = UpstreamTemplateMatcher.Resolve(_options.CurrentValue.Upstream, connection.Hub.Name, UpstreamCategories.Connections, eventName);
        if (url is null)
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CurrentValue.UpstreamTimeout);
            using var request = CreateRequest(url, connection, UpstreamCategories.Connections, eventName, body);
            using var response = await _http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            Log.Called(_logger, url, eventName, connection.ConnectionId, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            // The service treats connection events as notifications: a failure is logged and changes nothing.
            Log.Failed(_logger, url, eventName, connection.ConnectionId, e.Message);
        }
    }

    private HttpRequestMessage CreateRequest(Uri url, SignalRConnection connection, string category, string eventName, ReadOnlyMemory<byte> body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = JsonContentType;
        var headers = request.Headers;
        headers.TryAddWithoutValidation(UpstreamHeaders.ConnectionId, connection.ConnectionId);
        headers.TryAddWithoutValidation(UpstreamHeaders.Hub, connection.Hub.Name);
        headers.TryAddWithoutValidation(UpstreamHeaders.Category, category);
        headers.TryAddWithoutValidation(UpstreamHeaders.Event, eventName);
        if (connection.UserId is { } userId)
        {
            headers.TryAddWithoutValidation(UpstreamHeaders.UserId, userId);
        }

        var claims = string.Join(", ", connection.Claims
            .Where(c => !c.Key.StartsWith(SignalRClaims.SystemPrefix, StringComparison.Ordinal) && c.Key is not (SignalRClaims.Expires or SignalRClaims.NotBefore or SignalRClaims.IssuedAt))
            .Select(c => c.Key + ": " + c.Value));
        if (claims.Length > 0)
        {
            headers.TryAddWithoutValidation(UpstreamHeaders.UserClaims, claims);
        }

        headers.TryAddWithoutValidation(UpstreamHeaders.ClientQuery, connection.ClientQuery);
        headers.TryAddWithoutValidation(UpstreamHeaders.Signature, UpstreamSignature.Create(connection.ConnectionId, [_options.CurrentValue.AccessKey]));
        return request;
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseSize)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseSize)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "SignalR upstream {Url} answered {StatusCode} to '{EventName}' of connection {ConnectionId}.")]
        public static partial void Called(ILogger logger, Uri url, string eventName, string connectionId, int statusCode);

        [LoggerMessage(2, LogLevel.Warning, "SignalR upstream {Url} failed on '{EventName}' of connection {ConnectionId}: {Reason}")]
        public static partial void Failed(ILogger logger, Uri url, string eventName, string connectionId, string reason);

        [LoggerMessage(3, LogLevel.Information, "No SignalR upstream template matches hub '{Hub}', category '{Category}', event '{EventName}'.")]
        public static partial void NoUpstream(ILogger logger, string hub, string category, string eventName);

        [LoggerMessage(4, LogLevel.Warning, "SignalR upstream answered invocation {InvocationId} with something other than one completion for it; the client gets an error completion.")]
        public static partial void BadCompletion(ILogger logger, string invocationId);
    }
}
