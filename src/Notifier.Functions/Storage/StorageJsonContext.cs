using System.Text.Json.Serialization;

namespace Notifier.Functions.Storage;

/// <summary>Source-generated JSON for what storage keeps as JSON text.</summary>
[JsonSerializable(typeof(Dictionary<string, long>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
