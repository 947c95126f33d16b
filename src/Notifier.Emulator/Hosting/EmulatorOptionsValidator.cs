using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Hosting;

/// <summary>Refuses a configuration the emulator cannot honour, at start-up, with every problem named.</summary>
internal sealed class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
{
    private static readonly string[] KnownSystemEvents = ["connect", "connected", "disconnected"];

    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.AccessKey)
            || options.AccessKey.Trim() != options.AccessKey
            || options.AccessKey.Contains(';', StringComparison.Ordinal)
            || options.AccessKey.Any(char.IsControl))
        {
            failures.Add("WebPubSub:AccessKey must be a non-empty key without surrounding whitespace, ';' or control characters.");
        }

        if (options.MaxMessageSize < 1024)
        {
            failures.Add("WebPubSub:MaxMessageSize must be at least 1024 bytes.");
        }

        if (options.OutboundQueueCapacity < 1 || options.ReliableBufferMessages < 1 || options.ReliableBufferBytes < 1024)
        {
            failures.Add("WebPubSub:OutboundQueueCapacity and ReliableBufferMessages must be positive, ReliableBufferBytes at least 1024.");
        }

        if (options.RecoveryWindow <= TimeSpan.Zero || options.EventHandlerTimeout <= TimeSpan.Zero)
        {
            failures.Add("WebPubSub:RecoveryWindow and EventHandlerTimeout must be positive.");
        }

        if (options.IdleCollectionDelay <= TimeSpan.Zero)
        {
            failures.Add("WebPubSub:IdleCollectionDelay must be positive.");
        }

        if (options.KeepAliveInterval <= TimeSpan.Zero || options.ClientTimeout <= TimeSpan.Zero)
        {
            failures.Add("WebPubSub:KeepAliveInterval and ClientTimeout must be positive.");
        }

        foreach (var (hub, hubOptions) in options.Hubs)
        {
            if (!WebPubSubNames.IsValidHub(hub))
            {
                failures.Add($"WebPubSub:Hubs:{hub} is not a valid hub name.");
            }

            for (var i = 0; i < hubOptions.EventHandlers.Count; i++)
            {
                var handler = hubOptions.EventHandlers[i];
                var prefix = $"WebPubSub:Hubs:{hub}:EventHandlers:{i}";
                var probe = handler.UrlTemplate.Replace("{hub}", "hub", StringComparison.OrdinalIgnoreCase)
                    .Replace("{event}", "event", StringComparison.OrdinalIgnoreCase);
                if (!Uri.TryCreate(probe, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    failures.Add($"{prefix}:UrlTemplate must be an absolute http or https URL (got '{handler.UrlTemplate}').");
                }
                else if (HostOf(handler.UrlTemplate, "a") != HostOf(handler.UrlTemplate, "b"))
                {
                    failures.Add($"{prefix}:UrlTemplate may not use placeholders in the host name.");
                }

                foreach (var systemEvent in handler.SystemEvents)
                {
                    if (!KnownSystemEvents.Contains(systemEvent, StringComparer.OrdinalIgnoreCase))
                    {
                        failures.Add($"{prefix}:SystemEvents has '{systemEvent}'; known events are connect, connected and disconnected.");
                    }
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? HostOf(string template, string placeholderValue) =>
        Uri.TryCreate(
            template.Replace("{hub}", placeholderValue, StringComparison.OrdinalIgnoreCase).Replace("{event}", placeholderValue, StringComparison.OrdinalIgnoreCase),
            UriKind.Absolute,
            out var uri) ? uri.Host : null;
}
