namespace Notifier.Functions.Transport;

/// <summary>Reads <c>Notifier:Transport</c> once at start, so that a typo stops the app with a message naming the setting.</summary>
internal static class TransportSetting
{
    public const string Key = "Notifier:Transport";

    public static NotifierTransport FromConfiguration(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return NotifierTransport.WebPubSub;
        }

        // Names only: Enum.TryParse would also take "1" or "WebPubSub,SignalR".
        foreach (var transport in Enum.GetValues<NotifierTransport>())
        {
            if (string.Equals(value.Trim(), transport.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return transport;
            }
        }

        throw new InvalidOperationException($"'{Key}' is '{value}'; set it to 'WebPubSub' (the default) or 'SignalR'.");
    }
}
