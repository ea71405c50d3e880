using System.Globalization;

namespace Crisp.Ctl;

/// <summary>Go-style durations (<c>300ms</c>, <c>1.5h</c>, <c>2h45m</c>, <c>10s</c>) as crictl's flags take them.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text, string what)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new CtlException($"invalid duration \"{text}\" for {what}: use a number with a unit, e.g. 30s, 5m, 1h30m");
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s == "0")
        {
            return true;
        }

        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+'))
        {
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return false;
        }

        double totalMs = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            double? scale = s[unitStart..i] switch
            {
                "ns" => 1e-6,
                "us" or "µs" => 1e-3,
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            totalMs += number * scale.Value;
        }

        value = TimeSpan.FromMilliseconds(negative ? -totalMs : totalMs);
        return true;
    }
}
