using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Preferences;

/// <summary>Source-generated JSON for the preferences routes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PreferencesDocument))]
internal sealed partial class PreferencesJsonContext : JsonSerializerContext;
