namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

/// <summary>Access keys and endpoints used across the tests.</summary>
internal static class TestKeys
{
    /// <summary>The official emulator's default key (docs/emulator.md).</summary>
    public const string Primary = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    /// <summary>The key of the .NET SDK's signature test vector (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events).</summary>
    public const string Secondary = "7aab239577fd4f24bc919802fb629f5f";

    public const string Unknown = "not-a-configured-key";

    public const string ServiceHost = "contoso.webpubsub.azure.com";

    public static readonly Uri ServiceEndpoint = new($"https://{ServiceHost}");
}
