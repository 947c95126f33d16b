namespace Notifier.Emulator.Upstream;

/// <summary>The outcome of an abuse-protection validation.</summary>
internal sealed class ValidationResult
{
    public static readonly ValidationResult Success = new(true, null);

    private ValidationResult(bool allowed, string? reason)
    {
        Allowed = allowed;
        Reason = reason;
    }

    public bool Allowed { get; }

    /// <summary>Why the handler is not allowed, for logs.</summary>
    public string? Reason { get; }

    public static ValidationResult Refused(string reason) => new(false, reason);
}
