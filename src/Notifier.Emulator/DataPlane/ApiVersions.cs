namespace Notifier.Emulator.DataPlane;

/// <summary>The GA data-plane API versions the emulator answers; they all behave like the latest.</summary>
internal static class ApiVersions
{
    public const string Latest = "2024-12-01";

    /// <summary>The <c>api-supported-versions</c> response header, as Azure services send it.</summary>
    public const string HeaderName = "api-supported-versions";

    public static readonly string[] Supported = ["2021-10-01", "2022-11-01", "2023-07-01", "2024-01-01", Latest];

    public static readonly string HeaderValue = string.Join(", ", Supported);

    public static bool IsSupported(string version) => Supported.Contains(version, StringComparer.Ordinal);
}
