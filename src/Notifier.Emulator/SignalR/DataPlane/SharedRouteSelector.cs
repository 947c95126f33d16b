using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.DataPlane;
using Notifier.Emulator.Hosting;
using Notifier.Emulator.SignalR.Hosting;

namespace Notifier.Emulator.SignalR.DataPlane;

/// <summary>
/// Chooses between Web PubSub's and SignalR Service's <c>api-version</c> routes, which share their paths here. In Azure
/// the two are different hosts with different keys; here they share the address, so the key tells them apart: a
/// request whose bearer token is signed with <c>SignalR:AccessKey</c> goes to the SignalR mode, anything else to Web
/// PubSub. While both keys are the same (the default) every such request is Web PubSub's, as before the SignalR mode
/// had these routes, and only the <c>/api/v1</c> routes reach the SignalR mode. A routing policy rather than a check
/// in a handler, so each service's routes keep their own parameters and gates, and other routes pay nothing.
/// </summary>
internal sealed class SharedRouteSelector : MatcherPolicy, IEndpointSelectorPolicy
{
    private const string BearerPrefix = "Bearer ";

    private readonly IOptionsMonitor<EmulatorOptions> _webPubSub;
    private readonly IOptionsMonitor<SignalROptions> _signalR;

    public SharedRouteSelector(IOptionsMonitor<EmulatorOptions> webPubSub, IOptionsMonitor<SignalROptions> signalR)
    {
        _webPubSub = webPubSub;
        _signalR = signalR;
    }

    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.Any(endpoint => endpoint.Metadata.GetMetadata<SharedRouteOwner>() is not null);
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(candidates);
        bool? forSignalR = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i) || candidates[i].Endpoint.Metadata.GetMetadata<SharedRouteOwner>() is not { } owner)
            {
                continue;
            }

            forSignalR ??= IsForSignalR(httpContext.Request);
            if (owner.IsSignalR != forSignalR)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }

    private bool IsForSignalR(HttpRequest request)
    {
        var signalRKey = _signalR.CurrentValue.AccessKey;
        if (string.Equals(signalRKey, _webPubSub.CurrentValue.AccessKey, StringComparison.Ordinal))
        {
            return false;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && AccessKeyJwt.IsSignedWith(authorization[BearerPrefix.Length..].Trim(), [signalRKey]);
    }
}
