namespace Notifier.Functions.Runtime;

/// <summary>Facts about running under the Azure Functions host as a custom handler.</summary>
internal static class FunctionsHost
{
    /// <summary>The port the host tells its custom handler to listen on.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The header the host adds to every request it sends the handler.</summary>
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    /// <summary>Gets the port the host assigned, or <see langword="null"/> when running standalone.</summary>
    public static int? AssignedPort(Func<string, string?> environment) =>
        int.TryParse(environment(PortVariable), out var port) && port > 0 ? port : null;
}
