namespace Notifier.Emulator.SignalR.DataPlane;

/// <summary>The <c>api-version</c> values of SignalR Service's data plane; all behave alike here.</summary>
internal static class SignalRApiVersions
{
    public const string ParameterName = "api-version";

    /// <summary>The first version with <c>:generateToken</c>.</summary>
    public const string GenerateTokenSince = "2023-07-01";

    public static readonly string[] Supported = ["2022-06-01", GenerateTokenSince, "2024-01-01", "2024-12-01"];

    public static readonly string List = string.Join(", ", Supported);

    public static bool IsSupported(string? version) => version is not null && Supported.Contains(version, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="version"/> (a supported one) has <c>:generateToken</c>.</summary>
    public static bool HasGenerateToken(string version) => string.CompareOrdinal(version, GenerateTokenSince) >= 0;
}
