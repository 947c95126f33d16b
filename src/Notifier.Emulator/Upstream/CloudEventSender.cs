using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Hosting;
using Notifier.Emulator.Telemetry;

namespace Notifier.Emulator.Upstream;

/// <summary>
/// Sends one event to one handler as a binary-mode CloudEvents POST (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events), after abuse protection, with
/// retries of <c>408</c>, <c>5xx</c> and network failures, all within <see cref="EmulatorOptions.EventHandlerTimeout"/>.
/// Never throws: every outcome is a <see cref="HandlerResponse"/>.
/// </summary>
/// <remarks>
/// Steps: (1) resolve the event and validation URLs; (2) validate (cached, <see cref="AbuseProtection"/>);
/// (3) POST; on 408/5xx or a transient network error wait the next retry delay and POST again with the same
/// <c>ce-id</c>; (4) read the body of a 2xx, at most <c>maxResponseBytes</c>.
/// </remarks>
internal sealed partial class CloudEventSender : IDisposable
{
    private const int ErrorExcerptBytes = 512;

    private readonly UpstreamHttpClient _http;
    private readonly AbuseProtection _abuseProtection;
    private readonly WebHookOrigin _origin;
    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly IOptionsMonitor<UpstreamOptions> _upstreamOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CloudEventSender> _logger;
    private readonly CancellationTokenSource _stopping = new();

    public CloudEventSender(
        UpstreamHttpClient http,
        AbuseProtection abuseProtection,
        WebHookOrigin origin,
        IOptionsMonitor<EmulatorOptions> options,
        IOptionsMonitor<UpstreamOptions> upstreamOptions,
        TimeProvider timeProvider,
        ILogger<CloudEventSender> logger)
    {
        _http = http;
        _abuseProtection = abuseProtection;
        _origin = origin;
        _options = options;
        _upstreamOptions = upstreamOptions;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Sends <paramref name="cloudEvent"/>; a 2xx's body is read up to <paramref name="maxResponseBytes"/> (0: not read).</summary>
    public async Task<HandlerResponse> SendAsync(EventHandlerOptions handler, CloudEvent cloudEvent, int maxResponseBytes, CancellationToken cancellationToken)
    {
        var url = EventHandlerResolver.ResolveUrl(handler.UrlTemplate, cloudEvent.Hub, cloudEvent.EventName);
        var validationUrl = EventHandlerResolver.ResolveUrl(handler.UrlTemplate, cloudEvent.Hub, EventHandlerResolver.ValidateEventName);
        if (url is null || validationUrl is null)
        {
            return HandlerResponse.Failed($"the URL template '{handler.UrlTemplate}' does not give an absolute http(s) URL");
        }

        // The name is built only when someone listens: an unobserved event allocates nothing for its span.
        using var activity = EmulatorActivities.Source.HasListeners() ? EmulatorActivities.Source.StartActivity("upstream " + cloudEvent.EventName, ActivityKind.Client) : null;
        activity?.SetTag("notifier.emulator.hub", cloudEvent.Hub);
        activity?.SetTag("notifier.event.name", cloudEvent.EventName);
        activity?.SetTag("notifier.connection.id", cloudEvent.ConnectionId);
        var response = await SendWithinDeadlineAsync(handler, cloudEvent, url, validationUrl, maxResponseBytes, cancellationToken).ConfigureAwait(false);
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", response.StatusCode);
            if (response.Kind != HandlerResponseKind.Responded || response.StatusCode >= 400)
            {
                activity.SetStatus(ActivityStatusCode.Error, response.Error);
            }
        }

        return response;
    }

    private async Task<HandlerResponse> SendWithinDeadlineAsync(EventHandlerOptions handler, CloudEvent cloudEvent, Uri url, Uri validationUrl, int maxResponseBytes, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var timeout = options.EventHandlerTimeout;
        using var deadline = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, _stopping.Token);
        try
        {
            var validation = await _abuseProtection.CheckAsync(validationUrl, linked.Token).ConfigureAwait(false);
            if (!validation.Allowed)
            {
                return HandlerResponse.NotAllowed($"the handler {validationUrl} failed abuse-protection validation ({validation.Reason})");
            }

            return await SendWithRetriesAsync(url, cloudEvent, options.AccessKey, maxResponseBytes, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return HandlerResponse.Canceled();
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return HandlerResponse.Failed($"{url} did not answer within the event handler timeout of {timeout}");
        }
        catch (OperationCanceledException)
        {
            return HandlerResponse.Failed("the emulator is stopping");
        }
        catch (HttpRequestException e)
        {
            return HandlerResponse.Failed($"{url} is unreachable ({e.HttpRequestError}): {e.Message}");
        }
        catch (Exception e)
        {
            // The boundary: a handler, however broken, never takes the emulator down.
            return HandlerResponse.Failed($"calling {url} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task<HandlerResponse> SendWithRetriesAsync(Uri url, CloudEvent cloudEvent, string accessKey, int maxResponseBytes, CancellationToken cancellationToken)
    {
        var signature = CloudEventSignature.Create(cloudEvent.ConnectionId, [accessKey]);
        var origin = _origin.Value;
        var delays = _upstreamOptions.CurrentValue.RetryDelays;
        for (var attempt = 0; ; attempt++)
        {
            var canRetry = attempt < delays.Count;
            HttpResponseMessage response;
            using (var request = CreateRequest(url, cloudEvent, signature, origin))
            {
                try
                {
                    response = await _http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (canRetry && IsTransient(e))
                {
                    Log.Retrying(_logger, cloudEvent.EventName, cloudEvent.ConnectionId, url, e.HttpRequestError.ToString(), attempt + 1, delays[attempt]);
                    await Task.Delay(delays[attempt], _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (canRetry && (status == 408 || status >= 500))
                {
                    Log.Retrying(_logger, cloudEvent.EventName, cloudEvent.ConnectionId, url, status.ToString(CultureInfo.InvariantCulture), attempt + 1, delays[attempt]);
                    response.Dispose();
                    await Task.Delay(delays[attempt], _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return HandlerResponse.Responded(status, [], null, false, null, await ReadExcerptAsync(response.Content, cancellationToken).ConfigureAwait(false));
                }

                // A limit of 0: the body does not matter (connected, disconnected), so it is not read.
                var body = maxResponseBytes == 0 ? [] : await ReadBoundedAsync(response.Content, maxResponseBytes, cancellationToken).ConfigureAwait(false);
                if (body is null)
                {
                    return HandlerResponse.Failed($"{url} answered with a body larger than {maxResponseBytes} bytes");
                }

                var stateSet = response.Headers.TryGetValues(CloudEventHeaders.ConnectionState, out var states);
                return HandlerResponse.Responded(status, body, response.Content.Headers.ContentType, stateSet, stateSet ? states!.Last() : null, null);
            }
        }
    }

    private static HttpRequestMessage CreateRequest(Uri url, CloudEvent cloudEvent, string signature, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(cloudEvent.Body),
        };
        request.Content.Headers.ContentType = cloudEvent.ContentType;
        var headers = request.Headers;
        headers.TryAddWithoutValidation(CloudEventHeaders.SpecVersion, CloudEventTypes.Version);
        headers.TryAddWithoutValidation(CloudEventHeaders.AwpsVersion, CloudEventTypes.Version);
        headers.TryAddWithoutValidation(CloudEventHeaders.Type, cloudEvent.Type);
        headers.TryAddWithoutValidation(CloudEventHeaders.Source, cloudEvent.Source);
        headers.TryAddWithoutValidation(CloudEventHeaders.Id, cloudEvent.Id.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(CloudEventHeaders.Time, cloudEvent.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(CloudEventHeaders.Signature, signature);
        headers.TryAddWithoutValidation(CloudEventHeaders.ConnectionId, cloudEvent.ConnectionId);
        headers.TryAddWithoutValidation(CloudEventHeaders.Hub, cloudEvent.Hub);
        headers.TryAddWithoutValidation(CloudEventHeaders.EventName, cloudEvent.EventName);
        headers.TryAddWithoutValidation(CloudEventHeaders.WebHookRequestOrigin, origin);
        if (!string.IsNullOrEmpty(cloudEvent.UserId))
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.UserId, cloudEvent.UserId);
        }

        if (!string.IsNullOrEmpty(cloudEvent.Subprotocol))
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.Subprotocol, cloudEvent.Subprotocol);
        }

        if (!string.IsNullOrEmpty(cloudEvent.ConnectionState))
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.ConnectionState, cloudEvent.ConnectionState);
        }

        return request;
    }

    /// <summary>Connection refused or reset, name resolution, a response cut short: worth another try.</summary>
    private static bool IsTransient(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ResponseEnded;

    /// <summary>The body, or null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long declared && declared > limit)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // Reads stop at limit + 1 bytes whatever size the pool hands out, so the bound holds.
            var cap = limit + 1;
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(content.Headers.ContentLength ?? 0, 4096), cap));
            try
            {
                var capacity = Math.Min(buffer.Length, cap);
                var length = 0;
                while (true)
                {
                    if (length == capacity)
                    {
                        if (length > limit)
                        {
                            return null;
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(capacity * 2L, cap));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                        capacity = Math.Min(buffer.Length, cap);
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length, capacity - length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return length > limit ? null : buffer.AsSpan(0, length).ToArray();
                    }

                    length += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>The start of an error response's body, for the log; the client never sees it.</summary>
    private static async Task<string?> ReadExcerptAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[ErrorExcerptBytes];
                var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return length == 0 ? null : Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return null;
        }
    }
}
