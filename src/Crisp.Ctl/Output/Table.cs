using System.Text;

namespace Crisp.Ctl.Output;

/// <summary>
/// A table laid out as crictl's Go tabwriter does it (minimum cell width 20, padding 3, spaces): every column but the
/// last is as wide as its widest cell plus 3, at least 20; the last column is not padded.
/// </summary>
public sealed class Table(params string[] headers)
{
    private const int MinWidth = 20;
    private const int Padding = 3;

    private readonly List<string[]> _rows = [headers];

    public Table Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public int RowCount => _rows.Count - 1;

    public override string ToString()
    {
        var columns = _rows.Max(r => r.Length);
        var widths = new int[columns];
        for (var c = 0; c < columns - 1; c++)
        {
            widths[c] = Math.Max(MinWidth, _rows.Where(r => c < r.Length - 1).Select(r => r[c].Length).DefaultIfEmpty(0).Max() + Padding);
        }

        var text = new StringBuilder();
        foreach (var row in _rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                text.Append(c < row.Length - 1 ? row[c].PadRight(widths[c]) : row[c]);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public void WriteTo(TextWriter writer) => writer.Write(ToString());
}
