namespace Notifier.Functions.OpenApi;

/// <summary>docs/openapi.json as embedded at build, read on the first request for it.</summary>
internal static class CommittedDocument
{
    private const string ResourceName = "Notifier.Functions.openapi.json";

    private static readonly Lazy<byte[]> Content = new(Read);

    public static byte[] Bytes => Content.Value;

    private static byte[] Read()
    {
        using var stream = typeof(CommittedDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The build embeds docs/openapi.json as {ResourceName}; it is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
