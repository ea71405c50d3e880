using System.Globalization;
using System.Text;

namespace Crisp.Core.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4: a <c># HELP</c> and <c># TYPE</c> line per family, then one
/// line per sample, with label values and help text escaped as the format requires.
/// </summary>
public sealed class PrometheusTextWriter(TextWriter output)
{
    /// <summary>The Content-Type of a page in this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Starts a family: its help text and type (counter, gauge, histogram, summary or untyped).</summary>
    public void Family(string name, string help, string type)
    {
        output.Write("# HELP ");
        output.Write(name);
        output.Write(' ');
        output.Write(EscapeHelp(help));
        output.Write("\n# TYPE ");
        output.Write(name);
        output.Write(' ');
        output.Write(type);
        output.Write('\n');
    }

    /// <summary>One sample line: <c>name{label="value",…} value</c>.</summary>
    public void Sample(string name, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, double value, string? extraName = null, string? extraValue = null)
    {
        output.Write(name);
        if (labelNames.Count > 0 || extraName is not null)
        {
            output.Write('{');
            var first = true;
            for (var i = 0; i < labelNames.Count; i++)
            {
                Label(labelNames[i], labelValues[i], ref first);
            }

            if (extraName is not null)
            {
                Label(extraName, extraValue ?? "", ref first);
            }

            output.Write('}');
        }

        output.Write(' ');
        output.Write(FormatValue(value));
        output.Write('\n');
    }

    /// <summary>A sample value as the format spells it: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, or the shortest round-trip number.</summary>
    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A label value with backslash, double quote and line feed escaped.</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                '\n' => @"\n",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>Help text with backslash and line feed escaped (double quotes stay as they are).</summary>
    public static string EscapeHelp(string help) => help.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private void Label(string name, string value, ref bool first)
    {
        if (!first)
        {
            output.Write(',');
        }

        first = false;
        output.Write(name);
        output.Write("=\"");
        output.Write(EscapeLabelValue(value));
        output.Write('"');
    }
}
