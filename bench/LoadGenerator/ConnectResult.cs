namespace Notifier.Bench.LoadGenerator;

/// <summary>Connecting the measured clients with bounded concurrency.</summary>
internal sealed record ConnectResult(int Attempted, int Connected, int Concurrency, double Seconds, double PerSecond, string? FirstError);
