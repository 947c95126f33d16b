using Azure.Core;

namespace Notifier.Functions.AzureClients;

/// <summary>The pipeline settings every Azure SDK client of the app shares (Table storage and Web PubSub).</summary>
internal static class AzureClientPolicy
{
    /// <summary>
    /// Short retries: a publisher waiting on a 202 is better served by a quick 503 it can retry than by the SDK
    /// default's six seconds of back-off; queue invocations are redelivered by the host anyway.
    /// </summary>
    public static void ConfigureRetries(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(15);
    }

    /// <summary>
    /// No per-request log events. <c>AddAzureClients</c> starts forwarding the Azure SDK's event sources to
    /// <see cref="ILogger"/> at verbose level, whatever the configured log level, so Azure.Core's logging policy would
    /// format every request's and response's headers and log each call at Information: work and log lines on every
    /// message. Failures still surface as exceptions, and retries and credential events are still forwarded.
    /// </summary>
    public static void ConfigureDiagnostics(DiagnosticsOptions diagnostics) => diagnostics.IsLoggingEnabled = false;
}
