using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// Validates the named options of one handler type at start-up (<c>ValidateOnStart</c>), so a misconfigured
/// endpoint fails the host instead of answering every event with 401.
/// </summary>
/// <typeparam name="THandler">The handler whose options are validated; one validator per handler type.</typeparam>
internal sealed class WebPubSubEventHandlerOptionsValidator<THandler> : IValidateOptions<WebPubSubEventHandlerOptions>
    where THandler : WebPubSubEventHandler
{
    private readonly string _name = WebPubSubEventHandlerOptions.GetName(typeof(THandler));

    public ValidateOptionsResult Validate(string? name, WebPubSubEventHandlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(name, _name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var prefix = $"Web PubSub event handler '{typeof(THandler).Name}': ";
        if (options.Endpoints.Count == 0 && options.ConnectionStrings.Count == 0)
        {
            failures.Add(prefix + "configure at least one entry in Endpoints or ConnectionStrings, so that request signatures can be verified.");
        }

        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            var endpoint = options.Endpoints[i];
            if (endpoint is null)
            {
                failures.Add(prefix + $"Endpoints[{i}] is null.");
                continue;
            }

            if (endpoint.Endpoint is not { IsAbsoluteUri: true } uri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add(prefix + $"Endpoints[{i}].Endpoint must be an absolute http or https URI.");
            }

            if ((endpoint.AccessKeys.Count == 0 && options.AuthorizeUpstream is null) || endpoint.AccessKeys.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add(prefix + $"Endpoints[{i}].AccessKeys must hold at least one key and no empty keys (or set AuthorizeUpstream).");
            }
        }

        for (var i = 0; i < options.ConnectionStrings.Count; i++)
        {
            try
            {
                WebPubSubConnectionString.Parse(options.ConnectionStrings[i] ?? string.Empty);
            }
            catch (ArgumentException ex)
            {
                // The parser names the faulty key but never echoes the access key, so its message is safe to surface.
                failures.Add(prefix + $"ConnectionStrings[{i}] is invalid: {ex.Message}");
            }
        }

        if (options.Hubs.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add(prefix + "Hubs must not contain empty names.");
        }

        if (options.AllowedOrigins.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add(prefix + "AllowedOrigins must not contain empty origins.");
        }

        if (options.MaxUserEventBodySize <= 0)
        {
            failures.Add(prefix + "MaxUserEventBodySize must be positive.");
        }

        if (options.EventTimeWindow < TimeSpan.FromSeconds(1) || options.EventTimeWindow > TimeSpan.FromDays(1))
        {
            failures.Add(prefix + "EventTimeWindow must be between 00:00:01 and 1.00:00:00.");
        }

        if (options.MaxRememberedEvents < 1)
        {
            failures.Add(prefix + "MaxRememberedEvents must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
