namespace Crisp.Ctl.Logs;

/// <summary>One line of a CRI log file: <c>&lt;RFC3339Nano&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;content&gt;</c>.</summary>
public sealed record CriLogLine(DateTimeOffset Time, string TimeText, bool Stderr, bool Partial, string Content)
{
    public static CriLogLine? Parse(string line)
    {
        var first = line.IndexOf(' ', StringComparison.Ordinal);
        if (first <= 0)
        {
            return null;
        }

        var second = line.IndexOf(' ', first + 1);
        if (second < 0)
        {
            return null;
        }

        var stream = line[(first + 1)..second];
        if (stream is not ("stdout" or "stderr"))
        {
            return null;
        }

        var timeText = line[..first];
        if (!DateTimeOffset.TryParse(timeText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
        {
            return null;
        }

        // Newer files carry the P/F tag; very old ones do not.
        var rest = line[(second + 1)..];
        var partial = false;
        if (rest.Length >= 1 && (rest[0] is 'P' or 'F') && (rest.Length == 1 || rest[1] == ' '))
        {
            partial = rest[0] == 'P';
            rest = rest.Length > 1 ? rest[2..] : string.Empty;
        }

        return new CriLogLine(time, timeText, stream == "stderr", partial, rest);
    }
}
