using System.Diagnostics.CodeAnalysis;
using Azure.Core;

namespace Notifier.Azure.Storage.Queues;

/// <summary>Options for <see cref="StorageQueueClient"/>: retries, transport, diagnostics, version, clock and message encoding.</summary>
public sealed class StorageQueueClientOptions : ClientOptions
{
    private const ServiceVersion LatestVersion = ServiceVersion.V2021_12_02;

    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>Creates options for the given (by default the latest) service version.</summary>
    /// <param name="version">The Queue REST API version to call.</param>
    public StorageQueueClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version switch
        {
            ServiceVersion.V2021_12_02 => "2021-12-02",
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Unknown Queue service version."),
        };
    }

    /// <summary>The Queue REST API versions this client can speak.</summary>
    [SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Azure SDK naming for service versions.")]
    public enum ServiceVersion
    {
        /// <summary>x-ms-version 2021-12-02.</summary>
        V2021_12_02 = 1,
    }

    /// <summary>
    /// Gets or sets the clock that dates (<c>x-ms-date</c>) and therefore signs each request; defaults to
    /// <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets or sets how message text is encoded on send and decoded on receive; defaults to <see cref="StorageQueueMessageEncoding.Base64"/>.</summary>
    public StorageQueueMessageEncoding MessageEncoding { get; set; } = StorageQueueMessageEncoding.Base64;

    internal string Version { get; }
}
