using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Upstream.Internal;

/// <summary>
/// Validates the named options of one handler type at start-up, so a misconfigured endpoint fails the host instead of
/// answering every event with 401.
/// </summary>
internal sealed class SignalRUpstreamOptionsValidator<THandler> : IValidateOptions<SignalRUpstreamOptions>
    where THandler : SignalRUpstreamHandler
{
    private readonly string _name = SignalRUpstreamOptions.GetName(typeof(THandler));

    public ValidateOptionsResult Validate(string? name, SignalRUpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(name, _name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var prefix = $"SignalR upstream handler '{typeof(THandler).Name}': ";
        if (options.AccessKeys.Count == 0 && options.ConnectionStrings.Count == 0 && options.AuthorizeUpstream is null)
        {
            failures.Add(prefix + "configure at least one entry in AccessKeys or ConnectionStrings (or set AuthorizeUpstream), so that requests can be verified.");
        }

        if (options.AccessKeys.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add(prefix + "AccessKeys must not contain empty keys.");
        }

        for (var i = 0; i < options.ConnectionStrings.Count; i++)
        {
            if (!SignalRConnectionString.TryParse(options.ConnectionStrings[i], out var parsed))
            {
                // Parse again for the message, which names the faulty key but never echoes the access key.
                try
                {
                    SignalRConnectionString.Parse(options.ConnectionStrings[i] ?? string.Empty);
                }
                catch (ArgumentException ex)
                {
                    failures.Add(prefix + $"ConnectionStrings[{i}] is invalid: {ex.Message}");
                }
            }
            else if (parsed.AccessKey is null && options.AuthorizeUpstream is null)
            {
                failures.Add(prefix + $"ConnectionStrings[{i}] has no access key to verify signatures with (set AuthorizeUpstream for identity-based upstream auth).");
            }
        }

        if (options.Hubs.Any(hub => !SignalRNames.IsValidHub(hub)))
        {
            failures.Add(prefix + "Hubs must hold valid hub names.");
        }

        if (options.MaxInvocationBodySize <= 0)
        {
            failures.Add(prefix + "MaxInvocationBodySize must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
