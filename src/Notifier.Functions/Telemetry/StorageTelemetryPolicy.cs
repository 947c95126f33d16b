using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Functions.Telemetry;

/// <summary>
/// Measures every Table storage call at the SDK's pipeline, per call (its retries included): a <c>table {name}</c>
/// client span under the current one (publish, inbox read, event) and <c>notifier.storage.duration</c>/<c>retries</c>.
/// Table names come from the request path, matched against the app's own tables so the attribute stays a small set.
/// </summary>
internal sealed class StorageTelemetryPolicy : HttpPipelinePolicy
{
    private const string Other = "other";
    private const string OtherSpanName = "table other";
    private readonly NotifierMetrics _metrics;
    private readonly (string Table, string SpanName)[] _tables;

    public StorageTelemetryPolicy(NotifierMetrics metrics, IEnumerable<string> tables)
    {
        _metrics = metrics;
        _tables = [.. tables.Select(t => (t, "table " + t)), ("Tables", "table Tables"), ("$batch", "table $batch")];
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        var (table, spanName) = Find(message.Request.Uri.Path);
        var method = message.Request.Method.Method;
        using var activity = NotifierActivitySources.Storage.StartActivity(spanName, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.StorageService, "table");
            activity.SetTag(TelemetryNames.StorageTable, table);
            activity.SetTag(TelemetryNames.HttpMethod, method);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            if (async)
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            }
            else
            {
                ProcessNext(message, pipeline);
            }
        }
        catch (Exception ex)
        {
            var retries = message.ProcessingContext.RetryNumber;
            activity?.SetTag(TelemetryNames.ErrorType, ex.GetType().FullName);
            activity?.SetTag(TelemetryNames.RetryCount, retries);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            _metrics.StorageCall(table, method, 0, ex.GetType().FullName, retries, started);
            throw;
        }

        var status = message.HasResponse ? message.Response.Status : 0;
        var retried = message.ProcessingContext.RetryNumber;
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.HttpStatusCode, status);
            activity.SetTag(TelemetryNames.RetryCount, retried);
            if (status >= 400)
            {
                // A 404 or 409 is often an answer the app expects (a missing row, an existing index row): the span
                // says so without calling it a failure; 5xx are failures.
                activity.SetStatus(status >= 500 ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
            }
        }

        _metrics.StorageCall(table, method, status, status >= 500 ? status.ToString(CultureInfo.InvariantCulture) : null, retried, started);
    }

    private (string Table, string SpanName) Find(string path)
    {
        // Path-style (Azurite: /devstoreaccount1/Inbox(...)) or host-style (/Inbox(...)): the last segment, up to '('.
        var last = path.AsSpan(path.LastIndexOf('/') + 1);
        var paren = last.IndexOf('(');
        var name = paren >= 0 ? last[..paren] : last;
        foreach (var entry in _tables)
        {
            if (name.Equals(entry.Table, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return (Other, OtherSpanName);
    }
}
