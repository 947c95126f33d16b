namespace Notifier.Functions.Telemetry;

/// <summary>
/// Registers the app's meter and, only when a setting asks for an exporter, the OpenTelemetry SDK. Without
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> no OpenTelemetry assembly is even
/// loaded: the SDK's registration lives in <see cref="OpenTelemetryExport"/>, which is compiled only when called, so a
/// cold start without exporters pays nothing for it.
/// </summary>
internal static class TelemetryRegistration
{
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<NotifierMetrics>();
        var export = ExportSettings.FromConfiguration(configuration);
        if (export.AnyExporter)
        {
            OpenTelemetryExport.Add(services, export);
        }

        return services;
    }
}
