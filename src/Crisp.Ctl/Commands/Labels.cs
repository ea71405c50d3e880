namespace Crisp.Ctl.Commands;

/// <summary>The <c>--label key=value</c> flags as a label selector.</summary>
internal static class Labels
{
    public static Dictionary<string, string> Parse(string[]? labels)
    {
        var selector = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels ?? [])
        {
            var eq = label.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CtlException($"invalid label \"{label}\": use KEY=VALUE");
            }

            selector[label[..eq]] = label[(eq + 1)..];
        }

        return selector;
    }
}
