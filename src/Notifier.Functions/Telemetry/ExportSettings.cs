namespace Notifier.Functions.Telemetry;

/// <summary>Which exporters the settings ask for. Plain strings: reading them loads nothing of OpenTelemetry.</summary>
internal sealed record ExportSettings(string? AzureMonitorConnectionString, string? OtlpEndpoint, AzureMonitorAuthentication AzureMonitorAuthentication)
{
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public bool AnyExporter => AzureMonitorConnectionString is not null || OtlpEndpoint is not null;

    public static ExportSettings FromConfiguration(IConfiguration configuration) => new(
        NullIfBlank(configuration[AzureMonitorSetting]),
        NullIfBlank(configuration[OtlpSetting]),
        AzureMonitorAuthentication.Parse(configuration[AzureMonitorAuthentication.SettingName]));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
