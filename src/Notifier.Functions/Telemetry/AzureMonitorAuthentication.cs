namespace Notifier.Functions.Telemetry;

/// <summary>
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>, the setting the Functions host and the Application Insights SDKs
/// read to send telemetry with Entra ID (<c>Authorization=AAD</c>, optionally <c>ClientId=</c> a user-assigned
/// identity). The OpenTelemetry exporter does not read it, so the app turns it into the exporter's credential:
/// <c>infra/</c> disables key-based ingestion, and without it every export would be refused.
/// </summary>
/// <param name="UsesEntraId">Whether the string asks for Entra ID.</param>
/// <param name="ClientId">The user-assigned identity's client id, or <see langword="null"/> for the system-assigned one.</param>
internal sealed record AzureMonitorAuthentication(bool UsesEntraId, string? ClientId)
{
    public const string SettingName = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static AzureMonitorAuthentication Parse(string? value)
    {
        string? clientId = null;
        var entra = false;
        foreach (var part in (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = part[..equals].Trim();
            var item = part[(equals + 1)..].Trim();
            if (key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                entra = item.Equals("AAD", StringComparison.OrdinalIgnoreCase);
            }
            else if (key.Equals("ClientId", StringComparison.OrdinalIgnoreCase) && item.Length > 0)
            {
                clientId = item;
            }
        }

        return new AzureMonitorAuthentication(entra, clientId);
    }
}
