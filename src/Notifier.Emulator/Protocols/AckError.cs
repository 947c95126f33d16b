namespace Notifier.Emulator.Protocols;

/// <summary>The error names of failed acks, as the service spells them.</summary>
internal enum AckError
{
    Forbidden,
    InvalidData,
    Duplicate,
    InternalServerError,
    BadRequest,
}
