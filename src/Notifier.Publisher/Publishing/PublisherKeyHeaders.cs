namespace Notifier.Publisher;

/// <summary>Which headers carry a publisher key (<see cref="Azure.AzureKeyCredential"/>).</summary>
[Flags]
#pragma warning disable CA1714 // A set of headers: the plural reads right.
public enum PublisherKeyHeaders
#pragma warning restore CA1714
{
    /// <summary><c>X-Api-Key</c>: the function app running standalone (the local stack), checked against <c>Notifier:Publishers:ApiKeys</c>.</summary>
    ApiKey = 1,

    /// <summary><c>x-functions-key</c>: a function or host key, checked by the Functions host in Azure before the app runs.</summary>
    FunctionKey = 2,

    /// <summary>Both, so one setting works against the local stack and against Azure. The default.</summary>
    Both = ApiKey | FunctionKey,
}
