using Microsoft.Extensions.Options;
using Notifier.Core.Connections;
using Notifier.Functions.Limits;

namespace Notifier.Functions.Connections;

/// <summary>Registers what both transports' event endpoints share: connection owners, recorded connections and the per-user limit.</summary>
internal static class ConnectionsRegistration
{
    public static IServiceCollection AddConnectionRecords(this IServiceCollection services)
    {
        services.AddSingleton<UserConnections>();
        services.AddSingleton<IUserConnections>(sp => sp.GetRequiredService<UserConnections>());
        services.AddSingleton(sp => new ConnectionLimit(sp.GetRequiredService<IUserConnections>(), sp.GetRequiredService<IOptions<LimitsOptions>>().Value.ConnectionsPerUser));
        services.AddSingleton<ConnectionOwners>();
        return services;
    }
}
