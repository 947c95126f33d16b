using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.SignalR.Hosting;

namespace Notifier.Emulator.SignalR.Authentication;

/// <summary>
/// Checks the access-key tokens of the SignalR mode: signature, expiry, and an audience that fits where the token is
/// presented. Host and port of audiences are not compared, because the SDKs write the client audience without the port
/// and a proxy may show the emulator under another name; the path (and hub) must match.
/// </summary>
internal sealed class SignalRTokenValidator
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly IOptionsMonitor<SignalROptions> _options;
    private readonly TimeProvider _timeProvider;

    public SignalRTokenValidator(IOptionsMonitor<SignalROptions> options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>A client token for <paramref name="hub"/>: audience <c>…/client/?hub={hub}</c>.</summary>
    public bool TryValidateClientToken(string? token, string hub, [NotNullWhen(true)] out AccessTokenPayload? payload, [NotNullWhen(false)] out string? error)
    {
        if (!AccessKeyJwt.TryValidate(token, [_options.CurrentValue.AccessKey], _timeProvider.GetUtcNow(), ClockSkew, out payload, out error))
        {
            return false;
        }

        if (!payload.Audiences.Any(audience => SignalRClientUrl.IsAudienceFor(audience, hub)))
        {
            error = $"The token's audience is not the client URL of hub '{hub}' (…/client/?hub={hub}).";
            payload = null;
            return false;
        }

        return true;
    }

    /// <summary>A REST token: its audience is the request URL (with or without the query, as SDKs differ).</summary>
    public bool TryValidateRestToken(string? token, PathString requestPath, [NotNullWhen(false)] out string? error)
    {
        if (!AccessKeyJwt.TryValidate(token, [_options.CurrentValue.AccessKey], _timeProvider.GetUtcNow(), ClockSkew, out var payload, out error))
        {
            return false;
        }

        var path = requestPath.ToUriComponent().TrimEnd('/');
        if (!payload.Audiences.Any(audience => Uri.TryCreate(audience, UriKind.Absolute, out var url)
            && string.Equals(Uri.UnescapeDataString(url.AbsolutePath).TrimEnd('/'), Uri.UnescapeDataString(path), StringComparison.OrdinalIgnoreCase)))
        {
            error = "The token's audience is not this request's URL.";
            return false;
        }

        return true;
    }
}
