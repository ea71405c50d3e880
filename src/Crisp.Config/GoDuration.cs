using System.Globalization;

namespace Crisp.Config;

/// <summary>
/// Parses and formats durations in Go's <c>time.Duration</c> text form ("0s", "1m30s", "300ms"),
/// which is how crio.conf spells its duration values.
/// </summary>
public static class GoDuration
{
    private const long NanosPerTick = 100;

    /// <summary>Parses a Go duration such as "1h2m3.5s"; throws <see cref="FormatException"/> when malformed.</summary>
    public static TimeSpan Parse(string text)
    {
        if (!TryParse(text, out var value, out var error))
        {
            throw new FormatException(error);
        }

        return value;
    }

    /// <summary>Parses a Go duration such as "1h2m3.5s".</summary>
    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>Parses a Go duration, reporting why it failed.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        if (!TryParseNanoseconds(text, out var nanos, out error))
        {
            return false;
        }

        value = FromNanoseconds(nanos);
        return true;
    }

    /// <summary>Converts a nanosecond count (what Go stores) to a <see cref="TimeSpan"/>, truncating below 100ns.</summary>
    public static TimeSpan FromNanoseconds(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / NanosPerTick);

    /// <summary>Formats a duration exactly as Go's <c>Duration.String()</c> does.</summary>
    public static string Format(TimeSpan value)
    {
        var ticks = value.Ticks;
        var nanos = ticks > long.MaxValue / NanosPerTick ? long.MaxValue
            : ticks < long.MinValue / NanosPerTick ? long.MinValue
            : ticks * NanosPerTick;
        return FormatNanoseconds(nanos);
    }

    private static string FormatNanoseconds(long nanos)
    {
        if (nanos == 0)
        {
            return "0s";
        }

        var negative = nanos < 0;
        var magnitude = negative ? unchecked((ulong)(-(nanos + 1))) + 1 : (ulong)nanos;
        string text;
        if (magnitude < 1_000_000_000UL)
        {
            var (unit, precision) = magnitude switch
            {
                < 1_000UL => ("ns", 0),
                < 1_000_000UL => ("\u00b5s", 3),
                _ => ("ms", 6),
            };
            var (whole, fraction) = Split(magnitude, precision);
            text = whole.ToString(CultureInfo.InvariantCulture) + fraction + unit;
        }
        else
        {
            var (seconds, fraction) = Split(magnitude, 9);
            text = (seconds % 60).ToString(CultureInfo.InvariantCulture) + fraction + "s";
            var minutes = seconds / 60;
            if (minutes > 0)
            {
                text = (minutes % 60).ToString(CultureInfo.InvariantCulture) + "m" + text;
                var hours = minutes / 60;
                if (hours > 0)
                {
                    text = hours.ToString(CultureInfo.InvariantCulture) + "h" + text;
                }
            }
        }

        return negative ? "-" + text : text;
    }

    private static (ulong Whole, string Fraction) Split(ulong value, int precision)
    {
        if (precision == 0)
        {
            return (value, "");
        }

        var scale = (ulong)Math.Pow(10, precision);
        var remainder = value % scale;
        var fraction = remainder == 0
            ? ""
            : "." + remainder.ToString(CultureInfo.InvariantCulture).PadLeft(precision, '0').TrimEnd('0');
        return (value / scale, fraction);
    }

    private static bool TryParseNanoseconds(string? text, out long nanos, out string error)
    {
        nanos = 0;
        error = "";
        if (text is null)
        {
            error = "duration is missing";
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            error = $"invalid duration \"{text}\"";
            return false;
        }

        decimal total = 0;
        while (!s.IsEmpty)
        {
            var digits = 0;
            while (digits < s.Length && char.IsAsciiDigit(s[digits]))
            {
                digits++;
            }

            var fractionDigits = 0;
            var numberLength = digits;
            if (numberLength < s.Length && s[numberLength] == '.')
            {
                numberLength++;
                while (numberLength < s.Length && char.IsAsciiDigit(s[numberLength]))
                {
                    numberLength++;
                    fractionDigits++;
                }
            }

            if (digits == 0 && fractionDigits == 0)
            {
                error = $"invalid duration \"{text}\"";
                return false;
            }

            if (digits > 20 || fractionDigits > 20)
            {
                error = $"invalid duration \"{text}\": out of range";
                return false;
            }

            var numberText = s[..numberLength].ToString();
            if (numberText.EndsWith('.'))
            {
                numberText = numberText[..^1];
            }

            if (numberText.StartsWith('.'))
            {
                numberText = "0" + numberText;
            }

            var number = decimal.Parse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            s = s[numberLength..];

            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            if (unitLength == 0)
            {
                error = $"missing unit in duration \"{text}\"";
                return false;
            }

            long unitNanos = s[..unitLength] switch
            {
                "ns" => 1,
                "us" or "\u00b5s" or "\u03bcs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                _ => 0,
            };
            if (unitNanos == 0)
            {
                error = $"unknown unit \"{s[..unitLength].ToString()}\" in duration \"{text}\"";
                return false;
            }

            s = s[unitLength..];
            total += number * unitNanos;
            if (total > long.MaxValue)
            {
                error = $"invalid duration \"{text}\": out of range";
                return false;
            }
        }

        nanos = (long)decimal.Truncate(negative ? -total : total);
        return true;
    }
}
