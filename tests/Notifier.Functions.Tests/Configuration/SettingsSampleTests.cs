using System.Reflection;
using System.Text.Json;
using Notifier.Functions.WebPubSubEvents;
using Notifier.Functions.Identity;
using Notifier.Functions.Limits;
using Notifier.Functions.Push;
using Notifier.Functions.RateLimiting;
using Notifier.Functions.SignalR;
using Notifier.Functions.Storage;
using Notifier.Functions.Transport;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Configuration;

/// <summary>
/// local.settings.sample.json must list every setting the app reads: each property of each options class, and the
/// connection settings. The infra drift test then checks the sample against the Bicep, so a new option cannot reach
/// the code without reaching the sample and the deployment.
/// </summary>
public sealed class SettingsSampleTests
{
    public static TheoryData<Type, string> OptionsClasses() => new()
    {
        { typeof(UsersOptions), UsersOptions.Section },
        { typeof(PublishersOptions), PublishersOptions.Section },
        { typeof(TopicRule), TopicRule.Section + ":0" },
        { typeof(ApiKeyOptions), PublishersOptions.Section + ":ApiKeys:0" },
        { typeof(LimitsOptions), LimitsOptions.Section },
        { typeof(RateLimitOptions), RateLimitOptions.Section },
        { typeof(EventHandlerOptions), EventHandlerOptions.Section },
        { typeof(CleanupOptions), CleanupOptions.Section },
    };

    [Theory]
    [MemberData(nameof(OptionsClasses))]
    public void Every_option_is_in_the_sample(Type options, string section)
    {
        var sample = SampleKeys();
        var missing = options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null && p.Name != "IsConfigured")
            .Where(p => p.CanWrite || p.PropertyType.IsGenericType)
            .Where(p => p.PropertyType == typeof(string) || p.PropertyType.IsValueType || Nullable.GetUnderlyingType(p.PropertyType) is not null)
            .Select(p => Normalize((section + ":" + p.Name).Replace(":", "__", StringComparison.Ordinal)))
            .Where(key => !sample.Contains(key))
            .ToList();
        Assert.True(missing.Count == 0, $"local.settings.sample.json lacks {string.Join(", ", missing)}: add each with its local value (and to infra/, which Notifier.Infra.Tests checks).");
    }

    [Fact]
    public void The_connection_settings_are_in_the_sample()
    {
        var sample = SampleKeys();
        Assert.Contains(StorageConnection.SettingName, sample);
        Assert.Contains(WebPubSubConnection.SettingName, sample);
        Assert.Contains(WebPubSubConnection.HubSettingName, sample);
        Assert.Contains(SignalRConnection.SettingName, sample);
        Assert.Contains(SignalRConnection.HubSettingName, sample);
        Assert.Contains(TransportSetting.Key.Replace(":", "__", StringComparison.Ordinal), sample);
    }

    private static HashSet<string> SampleKeys()
    {
        var path = System.IO.Path.Combine(RepositoryRoot.Path, "local.settings.sample.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("Values").EnumerateObject().Select(p => Normalize(p.Name))];
    }

    /// <summary>List items count once whatever their index: <c>Notifier__Topics__1__Role</c> covers <c>Topics__0__Role</c>.</summary>
    private static string Normalize(string key) => System.Text.RegularExpressions.Regex.Replace(key, "__[0-9]+__", "__#__");
}
