using System.Globalization;

namespace Notifier.Bench.FunctionsBench;

/// <summary><c>--name value</c> pairs after the command word.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (name is null)
            {
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"expected an option, got '{arg}'");
                }

                name = arg[2..];
            }
            else
            {
                _values[name] = arg;
                name = null;
            }
        }

        if (name is not null)
        {
            throw new ArgumentException($"--{name} needs a value");
        }
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
