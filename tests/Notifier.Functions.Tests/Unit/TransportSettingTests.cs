using Microsoft.Extensions.Configuration;
using Notifier.Functions.SignalR;
using Notifier.Functions.Transport;

namespace Notifier.Functions.Tests.Unit;

/// <summary><c>Notifier:Transport</c> and the SignalR connection settings are checked at start, with messages naming the setting.</summary>
public sealed class TransportSettingTests
{
    [Theory]
    [InlineData(null, "WebPubSub")]
    [InlineData("", "WebPubSub")]
    [InlineData("webpubsub", "WebPubSub")]
    [InlineData("SignalR", "SignalR")]
    [InlineData(" signalr ", "SignalR")]
    public void Names_choose_the_transport(string? value, string expected) =>
        Assert.Equal(expected, TransportSetting.FromConfiguration(Configuration(("Notifier:Transport", value))).ToString());

    [Theory]
    [InlineData("1")]
    [InlineData("WebPubSub,SignalR")]
    [InlineData("Signal R")]
    public void Anything_else_stops_the_app_naming_the_setting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TransportSetting.FromConfiguration(Configuration(("Notifier:Transport", value))));
        Assert.Contains("Notifier:Transport", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignalR_without_a_connection_names_the_setting() =>
        Assert.Contains("SignalRConnection", Assert.Throws<InvalidOperationException>(() => SignalRConnection.FromConfiguration(Configuration())).Message, StringComparison.Ordinal);

    [Fact]
    public void A_connection_string_without_a_key_points_at_the_identity_form()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SignalRConnection.FromConfiguration(Configuration(("SignalRConnection", "Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0;"))));
        Assert.Contains("SignalRConnection__serviceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_hub_names_the_setting() =>
        Assert.Contains("SignalRHub", Assert.Throws<InvalidOperationException>(() => SignalRConnection.FromConfiguration(Configuration(("SignalRHub", "9 bad")))).Message, StringComparison.Ordinal);

    [Fact]
    public void The_hub_defaults_to_notifications()
    {
        var connection = SignalRConnection.FromConfiguration(Configuration(("SignalRConnection", "Endpoint=http://127.0.0.1:8080;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;")));
        Assert.Equal("notifications", connection.Hub);
        Assert.NotNull(connection.ConnectionString);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
