using Microsoft.Extensions.Options;

namespace Notifier.Emulator.SignalR.Hosting;

/// <summary>Refuses a SignalR configuration the emulator cannot honour, at start-up, with every problem named.</summary>
internal sealed class SignalROptionsValidator : IValidateOptions<SignalROptions>
{
    public ValidateOptionsResult Validate(string? name, SignalROptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.AccessKey)
            || options.AccessKey.Trim() != options.AccessKey
            || options.AccessKey.Contains(';', StringComparison.Ordinal)
            || options.AccessKey.Any(char.IsControl))
        {
            failures.Add("SignalR:AccessKey must be a non-empty key without surrounding whitespace, ';' or control characters.");
        }

        if (options.KeepAliveInterval <= TimeSpan.Zero || options.ClientTimeout <= options.KeepAliveInterval)
        {
            failures.Add("SignalR:KeepAliveInterval must be positive and ClientTimeout longer than it.");
        }

        if (options.HandshakeTimeout <= TimeSpan.Zero || options.NegotiationLifetime <= TimeSpan.Zero || options.UpstreamTimeout <= TimeSpan.Zero)
        {
            failures.Add("SignalR:HandshakeTimeout, NegotiationLifetime and UpstreamTimeout must be positive.");
        }

        if (options.MaxMessageSize < 1024 || options.OutboundQueueCapacity < 1)
        {
            failures.Add("SignalR:MaxMessageSize must be at least 1024 bytes and OutboundQueueCapacity positive.");
        }

        for (var i = 0; i < options.Upstream.Count; i++)
        {
            var template = options.Upstream[i];
            var probe = Fill(template.UrlTemplate, "x");
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"SignalR:Upstream:{i}:UrlTemplate must be an absolute http or https URL (got '{template.UrlTemplate}').");
            }
            else if (!Uri.TryCreate(Fill(template.UrlTemplate, "y"), UriKind.Absolute, out var other) || other.Authority != url.Authority)
            {
                failures.Add($"SignalR:Upstream:{i}:UrlTemplate may not use placeholders in the host name.");
            }

            if (string.IsNullOrWhiteSpace(template.HubPattern) || string.IsNullOrWhiteSpace(template.CategoryPattern) || string.IsNullOrWhiteSpace(template.EventPattern))
            {
                failures.Add($"SignalR:Upstream:{i} needs non-empty HubPattern, CategoryPattern and EventPattern ('*' for any).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Fill(string template, string value) =>
        template.Replace("{hub}", value, StringComparison.OrdinalIgnoreCase)
            .Replace("{category}", value, StringComparison.OrdinalIgnoreCase)
            .Replace("{event}", value, StringComparison.OrdinalIgnoreCase);
}
