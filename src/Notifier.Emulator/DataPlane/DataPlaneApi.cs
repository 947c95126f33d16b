namespace Notifier.Emulator.DataPlane;

/// <summary>The data-plane REST API (<c>/api/hubs/{hub}/…</c>), api-version 2024-12-01 and the older GA versions.</summary>
internal static class DataPlaneApi
{
    public static IEndpointRouteBuilder MapDataPlane(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
