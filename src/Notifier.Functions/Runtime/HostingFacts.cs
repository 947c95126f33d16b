namespace Notifier.Functions.Runtime;

/// <summary>How this process is hosted, decided once at start.</summary>
/// <param name="UnderFunctionsHost">Whether the Azure Functions host started it as its custom handler.</param>
/// <param name="FunctionsEnvironment">The value of <c>AZURE_FUNCTIONS_ENVIRONMENT</c>, if set (Core Tools sets Development, Azure sets Production).</param>
/// <param name="HostEnvironment">The environment ASP.NET Core was given explicitly (<c>ASPNETCORE_ENVIRONMENT</c>, <c>DOTNET_ENVIRONMENT</c> or <c>--environment</c>), if any.</param>
internal sealed record HostingFacts(bool UnderFunctionsHost, string? FunctionsEnvironment = null, string? HostEnvironment = null)
{
    public const string FunctionsEnvironmentVariable = "AZURE_FUNCTIONS_ENVIRONMENT";

    /// <summary>
    /// Gets whether the environment says Development. Both settings count: at least one must say Development and neither
    /// may say anything else, so a production slot that sets only one of them is never taken for a developer's machine.
    /// </summary>
    public bool IsDevelopment
    {
        get
        {
            string?[] named = [FunctionsEnvironment, HostEnvironment];
            var set = named.Where(value => !string.IsNullOrWhiteSpace(value)).ToArray();
            return set.Length > 0 && set.All(value => string.Equals(value, "Development", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Gets both settings as a person would check them, for error messages.</summary>
    public string DescribeEnvironment() =>
        $"{FunctionsEnvironmentVariable}={Describe(FunctionsEnvironment)}, ASPNETCORE_ENVIRONMENT={Describe(HostEnvironment)}";

    private static string Describe(string? value) => string.IsNullOrWhiteSpace(value) ? "(not set)" : $"'{value}'";
}
