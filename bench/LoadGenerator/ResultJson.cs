using System.Text.Json;

namespace Notifier.Bench.LoadGenerator;

/// <summary>How results are written: camelCase, indented, NaN allowed (a phase that delivered nothing).</summary>
internal static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
