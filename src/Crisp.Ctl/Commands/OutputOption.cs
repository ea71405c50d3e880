using System.CommandLine;

namespace Crisp.Ctl.Commands;

/// <summary>crictl's <c>-o, --output</c> flag with the formats a command supports.</summary>
internal static class OutputOption
{
    public static Option<string> Create(string defaultFormat, params string[] formats)
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = $"Output format, one of: {string.Join(", ", formats)}",
            DefaultValueFactory = _ => defaultFormat,
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    public static Option<bool> Quiet(string what) => new("--quiet", "-q") { Description = $"Only display {what} IDs" };

    public static Option<bool> NoTrunc() => new("--no-trunc") { Description = "Show output without truncating the ID" };
}
