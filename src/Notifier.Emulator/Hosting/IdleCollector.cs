using Microsoft.Extensions.Options;

namespace Notifier.Emulator.Hosting;

/// <summary>
/// Collects garbage once a burst of client handshakes is over and the server has gone quiet, as Node.js does in its
/// idle time. Handshakes allocate (token parsing, the connect event), but once clients sit idle nothing allocates,
/// so without this the garbage of the last burst would keep the process's memory high indefinitely.
/// </summary>
internal sealed partial class IdleCollector : BackgroundService
{
    private static long s_handshakes;

    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly ILogger<IdleCollector> _logger;

    public IdleCollector(TimeProvider timeProvider, IOptionsMonitor<EmulatorOptions> options, ILogger<IdleCollector> logger)
    {
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
    }

    /// <summary>Counts a finished handshake (accepted or refused).</summary>
    public static void OnHandshake() => Interlocked.Increment(ref s_handshakes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = Interlocked.Read(ref s_handshakes);
        var pending = false;
        using var timer = new PeriodicTimer(_options.CurrentValue.IdleCollectionDelay, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var now = Interlocked.Read(ref s_handshakes);
            if (now != seen)
            {
                // Still busy: wait for a quiet tick.
                seen = now;
                pending = true;
                continue;
            }

            if (pending)
            {
                pending = false;
                var before = GC.GetTotalMemory(forceFullCollection: false);
                // Aggressive also gives the freed memory back to the operating system, which a plain collection keeps for reuse.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                Log.Collected(_logger, before / 1024, GC.GetTotalMemory(forceFullCollection: false) / 1024);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Handshakes went quiet: collected garbage, managed heap {BeforeKiB} KiB -> {AfterKiB} KiB.")]
        public static partial void Collected(ILogger logger, long beforeKiB, long afterKiB);
    }
}
