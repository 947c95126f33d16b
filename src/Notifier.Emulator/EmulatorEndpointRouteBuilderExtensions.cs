using Notifier.Emulator.ClientEndpoint;
using Notifier.Emulator.DataPlane;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the emulator's endpoints: the client WebSocket endpoint, the data-plane REST API and health.</summary>
public static class EmulatorEndpointRouteBuilderExtensions
{
    /// <summary>Maps every endpoint of the emulator at the paths the service uses.</summary>
    public static IEndpointRouteBuilder MapWebPubSubEmulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapClientEndpoint();
        endpoints.MapDataPlane();
        endpoints.MapMethods("/api/health", ["GET", "HEAD"], () => Results.Ok());
        return endpoints;
    }
}
