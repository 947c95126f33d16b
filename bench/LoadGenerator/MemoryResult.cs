namespace Notifier.Bench.LoadGenerator;

/// <summary>The server's RSS before the measured clients connected and with them all connected and idle.</summary>
internal sealed record MemoryResult(long BaselineRssBytes, long IdleRssBytes, int Connections, double BytesPerConnection);
