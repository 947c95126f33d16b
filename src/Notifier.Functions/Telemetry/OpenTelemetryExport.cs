using System.Runtime.CompilerServices;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Notifier.Functions.Telemetry;

/// <summary>
/// The OpenTelemetry SDK with the exporters the settings name: Azure Monitor (the distro: requests, dependencies,
/// logs, live metrics) and/or OTLP (traces, metrics and logs to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, read by the exporter
/// with the other <c>OTEL_*</c> settings). Both subscribe to the app's sources (<c>Notifier.*</c>), its meter, ASP.NET
/// Core and HttpClient.
/// </summary>
/// <remarks>
/// The distro adds resource detectors, among them the Azure VM detector, which asks the instance metadata service
/// (169.254.169.254) at start. On Flex Consumption there is no such service, and anywhere else (a developer's machine, the
/// tests) it is an address outside the machine: the resource is built without detectors, from the App Service settings
/// the platform sets and <c>OTEL_SERVICE_NAME</c>/<c>OTEL_RESOURCE_ATTRIBUTES</c>. The exporter's statistics about itself
/// (statsbeat, SDK stats) ask the same service which compute they run on unless an App Service setting answers first
/// (<c>WEBSITE_SITE_NAME</c>, which Azure sets); off Azure they are switched off with their documented settings.
/// </remarks>
internal static class OpenTelemetryExport
{
    private const string DefaultServiceName = "notifier-functions";
    private const string AppServiceSiteName = "WEBSITE_SITE_NAME";

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Add(IServiceCollection services, ExportSettings settings)
    {
        var otel = services.AddOpenTelemetry();
        if (settings.AzureMonitorConnectionString is { } connectionString)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AppServiceSiteName)))
            {
                DisableUnlessSet("APPLICATIONINSIGHTS_STATSBEAT_DISABLED");
                DisableUnlessSet("APPLICATIONINSIGHTS_SDKSTATS_DISABLED");
            }

            // The parameterless form also reads the distro's settings (the AzureMonitor section, OTEL_TRACES_SAMPLER and
            // OTEL_TRACES_SAMPLER_ARG: by default at most 5 traces a second are kept).
            otel.UseAzureMonitor();
            var authentication = settings.AzureMonitorAuthentication;
            services.Configure<AzureMonitorOptions>(options =>
            {
                options.ConnectionString = connectionString;
                if (authentication.UsesEntraId)
                {
                    options.Credential = authentication.ClientId is { } clientId
                        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                        : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
                }
            });
        }

        // After the distro's: its detectors are dropped here (see remarks).
        otel.ConfigureResource(resource => resource
            .Clear()
            .AddService(Environment.GetEnvironmentVariable(AppServiceSiteName) ?? DefaultServiceName, serviceInstanceId: Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID"))
            .AddTelemetrySdk()
            .AddEnvironmentVariableDetector());

        otel.WithTracing(tracing =>
        {
            tracing.AddSource(NotifierActivitySources.Names);
            if (settings.AzureMonitorConnectionString is null)
            {
                // The distro adds both itself.
                tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
            }

            if (settings.OtlpEndpoint is not null)
            {
                tracing.AddOtlpExporter();
            }
        });
        otel.WithMetrics(metrics =>
        {
            metrics.AddMeter(TelemetryNames.Meter);
            if (settings.AzureMonitorConnectionString is null)
            {
                metrics.AddMeter("Microsoft.AspNetCore.Hosting", "System.Net.Http");
            }

            if (settings.OtlpEndpoint is not null)
            {
                metrics.AddOtlpExporter();
            }
        });
        if (settings.OtlpEndpoint is not null)
        {
            otel.WithLogging(logging => logging.AddOtlpExporter());
        }
    }

    /// <summary>The exporter reads these from the process environment, not from configuration.</summary>
    private static void DisableUnlessSet(string variable)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            Environment.SetEnvironmentVariable(variable, "true");
        }
    }
}
