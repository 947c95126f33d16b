using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.DevHost.Demo;

/// <summary>Source-generated JSON for the demo page's settings (web casing, as the page reads them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DemoSettings))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
