using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Upstream;

/// <summary>
/// The CloudEvents webhook validation handshake (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events), per validation URL (the handler's URL with
/// <c>{event}</c> = <c>validate</c>). The first validation blocks its callers; a success is trusted for a minute and
/// then refreshed in the background while the last result stands; a failure is tried again only after a backoff of
/// 1 s doubling to 60 s, and callers in between are refused at once.
/// </summary>
internal sealed partial class AbuseProtection : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly UpstreamHttpClient _http;
    private readonly WebHookOrigin _origin;
    private readonly IOptionsMonitor<UpstreamOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AbuseProtection> _logger;
    private readonly CancellationTokenSource _stopping = new();

    public AbuseProtection(UpstreamHttpClient http, WebHookOrigin origin, IOptionsMonitor<UpstreamOptions> options, TimeProvider timeProvider, ILogger<AbuseProtection> logger)
    {
        _http = http;
        _origin = origin;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Whether the handler behind <paramref name="validationUrl"/> accepts our events; the reason when not.</summary>
    public async ValueTask<ValidationResult> CheckAsync(Uri validationUrl, CancellationToken cancellationToken)
    {
        var task = GetOrStart(validationUrl, background: false);
        return task.IsCompleted ? await task.ConfigureAwait(false) : await task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates now unless a result is fresh or a validation is running; never waits.</summary>
    public void ValidateInBackground(Uri validationUrl) => _ = GetOrStart(validationUrl, background: true);

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private Task<ValidationResult> GetOrStart(Uri validationUrl, bool background)
    {
        var entry = _entries.GetOrAdd(validationUrl.AbsoluteUri, static _ => new Entry());
        lock (entry)
        {
            var now = _timeProvider.GetUtcNow();
            if (entry.Running is { } running)
            {
                // A refresh of a known success does not hold anyone up.
                return entry.Last is { Allowed: true } last && !background ? Task.FromResult(last) : running;
            }

            // A fresh success, or a failure still in its backoff.
            if (entry.Last is { } known && now < entry.NextValidation)
            {
                return Task.FromResult(known);
            }

            var validation = RunAsync(entry, validationUrl);
            entry.Running = validation;
            return entry.Last is { Allowed: true } stale && !background ? Task.FromResult(stale) : validation;
        }
    }

    private async Task<ValidationResult> RunAsync(Entry entry, Uri validationUrl)
    {
        // Run the HTTP work off the caller's lock and stack.
        await Task.Yield();
        var origin = _origin.Value;
        var options = _options.CurrentValue;
        ValidationResult result;
        try
        {
            result = await ValidateAsync(validationUrl, origin, options).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing escapes a validation: it is shared by every caller of this URL.
            result = ValidationResult.Refused($"validation failed: {e.Message}");
        }

        lock (entry)
        {
            var wasAllowed = entry.Last?.Allowed;
            if (result.Allowed)
            {
                entry.Backoff = TimeSpan.Zero;
                entry.NextValidation = _timeProvider.GetUtcNow() + options.ValidationCacheDuration;
            }
            else
            {
                entry.Backoff = entry.Backoff == TimeSpan.Zero
                    ? options.ValidationMinRetryInterval
                    : TimeSpan.FromTicks(Math.Min(entry.Backoff.Ticks * 2, options.ValidationMaxRetryInterval.Ticks));
                entry.NextValidation = _timeProvider.GetUtcNow() + entry.Backoff;
            }

            entry.Last = result;
            entry.Running = null;
            if (result.Allowed && wasAllowed != true)
            {
                Log.Allowed(_logger, validationUrl, origin);
            }
            else if (!result.Allowed)
            {
                Log.Refused(_logger, validationUrl, origin, result.Reason!, entry.Backoff);
            }
        }

        return result;
    }

    private async Task<ValidationResult> ValidateAsync(Uri validationUrl, string origin, UpstreamOptions options)
    {
        using var timeout = new CancellationTokenSource(options.ValidationTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        try
        {
            using var response = await SendAsync(HttpMethod.Options, validationUrl, origin, linked.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                return Evaluate(response, origin, "OPTIONS");
            }

            using var fallback = await SendAsync(HttpMethod.Get, validationUrl, origin, linked.Token).ConfigureAwait(false);
            return Evaluate(fallback, origin, "GET");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return ValidationResult.Refused($"no answer within {options.ValidationTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return ValidationResult.Refused($"unreachable ({e.HttpRequestError}): {e.Message}");
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, string origin, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation(CloudEventHeaders.WebHookRequestOrigin, origin);
        request.Headers.TryAddWithoutValidation(CloudEventHeaders.AwpsVersion, CloudEventTypes.Version);
        return _http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>2xx with <c>WebHook-Allowed-Origin</c> listing <c>*</c> or our origin (repeated headers or a comma list).</summary>
    internal static ValidationResult Evaluate(HttpResponseMessage response, string origin, string method)
    {
        if (!response.IsSuccessStatusCode)
        {
            return ValidationResult.Refused($"{method} answered {(int)response.StatusCode}");
        }

        if (!response.Headers.TryGetValues(CloudEventHeaders.WebHookAllowedOrigin, out var values))
        {
            return ValidationResult.Refused($"{method} answered {(int)response.StatusCode} without {CloudEventHeaders.WebHookAllowedOrigin}");
        }

        var allowed = new List<string>();
        foreach (var value in values)
        {
            foreach (var range in value.AsSpan().Split(','))
            {
                var candidate = value.AsSpan(range).Trim();
                if (candidate is "*" || candidate.Equals(origin, StringComparison.OrdinalIgnoreCase))
                {
                    return ValidationResult.Success;
                }

                allowed.Add(candidate.ToString());
            }
        }

        return ValidationResult.Refused($"{CloudEventHeaders.WebHookAllowedOrigin} '{string.Join(", ", allowed)}' does not allow origin '{origin}'");
    }

    private sealed class Entry
    {
        public ValidationResult? Last { get; set; }

        public Task<ValidationResult>? Running { get; set; }

        public DateTimeOffset NextValidation { get; set; }

        public TimeSpan Backoff { get; set; }
    }
}
