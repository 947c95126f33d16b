using Azure.Core;

namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>Options of <see cref="WebPubSubRestClient"/>: retries, diagnostics, transport and the service version.</summary>
public sealed class WebPubSubRestClientOptions : ClientOptions
{
    /// <summary>Creates options for the given data-plane API version (the latest by default).</summary>
    public WebPubSubRestClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version switch
        {
            ServiceVersion.V2021_10_01 => "2021-10-01",
            ServiceVersion.V2022_11_01 => "2022-11-01",
            ServiceVersion.V2023_07_01 => "2023-07-01",
            ServiceVersion.V2024_01_01 => "2024-01-01",
            ServiceVersion.V2024_12_01 => "2024-12-01",
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Unknown Web PubSub service version."),
        };
        ServiceVersionValue = version;
    }

    private const ServiceVersion LatestVersion = ServiceVersion.V2024_12_01;

    /// <summary>The GA data-plane API versions.</summary>
    public enum ServiceVersion
    {
#pragma warning disable CA1707 // The Azure SDK names service versions V{yyyy}_{MM}_{dd}.
        /// <summary>2021-10-01.</summary>
        V2021_10_01 = 1,

        /// <summary>2022-11-01.</summary>
        V2022_11_01 = 2,

        /// <summary>2023-07-01.</summary>
        V2023_07_01 = 3,

        /// <summary>2024-01-01.</summary>
        V2024_01_01 = 4,

        /// <summary>2024-12-01: adds listing the connections of a group.</summary>
        V2024_12_01 = 5,
#pragma warning restore CA1707
    }

    /// <summary>The <c>api-version</c> query value sent with every request.</summary>
    public string Version { get; }

    internal ServiceVersion ServiceVersionValue { get; }

    /// <summary>The clock for token issue and expiry times. Tests replace it; everyone else leaves it alone.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long the access-key-signed tokens of REST calls stay valid. Default five minutes, as the Azure SDK.</summary>
    public TimeSpan RestTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
