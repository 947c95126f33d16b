using Azure.Core;
using Azure.Identity;

namespace Notifier.Functions.AzureClients;

/// <summary>
/// The credential for an identity-based connection, following the Functions convention: <c>credential=managedidentity</c>
/// with an optional <c>clientId</c> selects a managed identity; otherwise the developer's or environment's identity is used.
/// </summary>
internal static class CredentialFactory
{
    public static TokenCredential Create(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrEmpty(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
