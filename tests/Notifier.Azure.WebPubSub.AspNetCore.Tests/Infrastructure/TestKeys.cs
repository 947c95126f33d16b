namespace Notifier.Azure.WebPubSub.AspNetCore.Tests.Infrastructure;

/// <summary>Access keys and endpoints used across the tests.</summary>
internal static class TestKeys
{
    /// <summary>The official emulator's default key (spec §1.1).</summary>
    public const string Primary = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    /// <summary>The key of the .NET SDK's signature test vector (spec §4.4).</summary>
    public const string Secondary = "7aab239577fd4f24bc919802fb629f5f";

    public const string Unknown = "not-a-configured-key";

    public const string ServiceHost = "contoso.webpubsub.azure.com";

    public static readonly Uri ServiceEndpoint = new($"https://{ServiceHost}");
}
