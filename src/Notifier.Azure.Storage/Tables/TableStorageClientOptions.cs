using System.Diagnostics.CodeAnalysis;
using Azure.Core;

namespace Notifier.Azure.Storage.Tables;

/// <summary>Options for <see cref="TableStorageClient"/>: retries, transport, diagnostics, service version and clock.</summary>
public sealed class TableStorageClientOptions : ClientOptions
{
    private const ServiceVersion LatestVersion = ServiceVersion.V2019_02_02;

    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>Creates options for the given (by default the latest) service version.</summary>
    /// <param name="version">The Table REST API version to call.</param>
    public TableStorageClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version switch
        {
            ServiceVersion.V2019_02_02 => "2019-02-02",
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Unknown Table service version."),
        };
    }

    /// <summary>The Table REST API versions this client can speak.</summary>
    [SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Azure SDK naming for service versions.")]
    public enum ServiceVersion
    {
        /// <summary>x-ms-version 2019-02-02 (the first version that accepts Entra ID tokens for tables).</summary>
        V2019_02_02 = 1,
    }

    /// <summary>
    /// Gets or sets the clock that dates (<c>x-ms-date</c>) and therefore signs each request; defaults to
    /// <see cref="TimeProvider.System"/>. Tests set a fixed clock to check signatures.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    internal string Version { get; }
}
