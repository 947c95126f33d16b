using System.Globalization;

namespace Notifier.DevHost.TimerTriggers;

/// <summary>
/// An NCRONTAB schedule as the Functions host reads it: <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, or
/// five fields without seconds; each field a value, <c>*</c>, a range <c>a-b</c>, a list <c>a,b</c> or a step
/// <c>*/n</c> (<c>a-b/n</c>). Day-of-week 0–6 with 0 = Sunday. Names of months and days are not supported here; the
/// app's own schedules use numbers. Times are UTC, as on Flex Consumption.
/// </summary>
internal sealed class NcrontabSchedule
{
    private readonly bool[] _seconds;
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;

    private NcrontabSchedule(bool[][] fields)
    {
        (_seconds, _minutes, _hours, _days, _months, _weekdays) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    public static NcrontabSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 5)
        {
            parts = ["0", .. parts];
        }

        if (parts.Length != 6)
        {
            throw new FormatException($"'{expression}' is not an NCRONTAB expression: it needs 5 or 6 fields.");
        }

        (int Min, int Max)[] ranges = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];
        return new NcrontabSchedule([.. parts.Select((part, i) => ParseField(part, ranges[i].Min, ranges[i].Max, expression))]);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.UtcDateTime.Year, after.UtcDateTime.Month, after.UtcDateTime.Day, after.UtcDateTime.Hour, after.UtcDateTime.Minute, after.UtcDateTime.Second, TimeSpan.Zero).AddSeconds(1);

        // Second by second would do, but skip whole units that cannot match; any schedule matches within five years.
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month])
            {
                t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            }
            else if (!_days[t.Day] || !_weekdays[(int)t.DayOfWeek])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
            }
            else if (!_hours[t.Hour])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
            }
            else if (!_minutes[t.Minute])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);
            }
            else if (!_seconds[t.Second])
            {
                t = t.AddSeconds(1);
            }
            else
            {
                return t;
            }
        }

        throw new InvalidOperationException("The schedule has no occurrence in the next five years.");
    }

    private static bool[] ParseField(string field, int min, int max, string expression)
    {
        var allowed = new bool[max + 1];
        foreach (var item in field.Split(','))
        {
            var (range, step) = item.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => throw Invalid(),
            };
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (from, to) = (Number(a), Number(b));
            }
            else
            {
                from = Number(range);
                to = step > 1 ? max : from;
            }

            if (from < min || to > max || from > to)
            {
                throw Invalid();
            }

            for (var v = from; v <= to; v += step)
            {
                allowed[v] = true;
            }
        }

        return allowed;

        int Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid();

        FormatException Invalid() => new($"'{field}' in '{expression}' is not a valid NCRONTAB field.");
    }
}
