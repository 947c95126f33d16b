using System.Text.Json;

namespace Notifier.DevHost.TimerTriggers;

/// <summary>A function whose trigger is a <c>timerTrigger</c>, read from its <c>function.json</c> as the host reads it.</summary>
/// <param name="Name">The function (folder) name; the handler is invoked at <c>/{Name}</c>.</param>
/// <param name="BindingName">The trigger binding's name, the key of the TimerInfo in <c>Data</c>.</param>
/// <param name="Schedule">The schedule.</param>
/// <param name="RunOnStartup">Whether it also runs when the host starts.</param>
internal sealed record TimerFunction(string Name, string BindingName, NcrontabSchedule Schedule, bool RunOnStartup)
{
    /// <summary>Reads every timer function under <paramref name="functionsFolder"/> (<c>{name}/function.json</c>).</summary>
    public static IReadOnlyList<TimerFunction> ReadAll(string functionsFolder)
    {
        var timers = new List<TimerFunction>();
        foreach (var file in Directory.EnumerateFiles(functionsFolder, "function.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var binding in document.RootElement.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() != "timerTrigger")
                {
                    continue;
                }

                var name = Path.GetFileName(Path.GetDirectoryName(file))!;
                var schedule = binding.GetProperty("schedule").GetString() ?? throw new FormatException($"{file}: the timer has no schedule.");
                var runOnStartup = binding.TryGetProperty("runOnStartup", out var startup) && startup.ValueKind == JsonValueKind.True;
                timers.Add(new TimerFunction(name, binding.GetProperty("name").GetString()!, NcrontabSchedule.Parse(schedule), runOnStartup));
            }
        }

        return timers;
    }
}
