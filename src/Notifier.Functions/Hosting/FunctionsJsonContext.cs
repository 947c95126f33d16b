using System.Text.Json.Serialization;
using Notifier.Functions.Endpoints;

namespace Notifier.Functions.Hosting;

/// <summary>Source-generated JSON for the few types serialised through ASP.NET Core (problem-details extensions).</summary>
[JsonSerializable(typeof(FieldError[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string))]
internal sealed partial class FunctionsJsonContext : JsonSerializerContext;
