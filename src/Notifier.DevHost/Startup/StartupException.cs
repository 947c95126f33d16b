namespace Notifier.DevHost.Startup;

/// <summary>The stack cannot start for a reason the developer can fix; the message says what to do.</summary>
internal sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
