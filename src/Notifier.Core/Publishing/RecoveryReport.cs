namespace Notifier.Core.Publishing;

/// <summary>What one recovery run found and did.</summary>
/// <param name="Found">Notifications whose delivery was still pending past the grace period.</param>
/// <param name="Delivered">Delivered now (or found delivered already: their marker was left behind).</param>
/// <param name="Expired">Expired before anyone delivered them: nobody receives them.</param>
/// <param name="Failed">Still pending (storage failed again); the next run tries again.</param>
public sealed record RecoveryReport(int Found, int Delivered, int Expired, int Failed);
