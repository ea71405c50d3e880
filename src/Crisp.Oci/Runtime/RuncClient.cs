using System.Text;

namespace Crisp.Oci.Runtime;

/// <summary>
/// Runs runc subcommands with the global flags of our configuration (<c>--root</c>, <c>--systemd-cgroup</c>),
/// turning failures into <see cref="OciRuntimeException"/> with runc's own message.
/// </summary>
internal sealed class RuncClient
{
    private const int MaxOutputBytes = 4 * 1024 * 1024;
    private readonly ConmonRuncOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<string> _environment;

    public RuncClient(ConmonRuncOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
        _environment = [$"PATH={Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}"];
    }

    /// <summary>The flags that precede every subcommand.</summary>
    public IReadOnlyList<string> GlobalArguments =>
        _options.CgroupManager == CgroupManager.Systemd
            ? ["--root", _options.RuntimeRoot, "--systemd-cgroup"]
            : ["--root", _options.RuntimeRoot];

    /// <summary>Runs <c>runc &lt;global&gt; &lt;arguments&gt;</c> and returns stdout; throws on failure.</summary>
    public async Task<string> RunAsync(string id, string operation, IReadOnlyList<string> arguments, byte[]? stdin, CancellationToken cancellationToken)
    {
        var argv = new List<string> { _options.RuntimePath };
        argv.AddRange(GlobalArguments);
        argv.AddRange(arguments);
        var result = await NativeCommand.RunAsync(
            _options.RuntimePath, argv, _environment, stdin, _options.CommandTimeout, MaxOutputBytes, _timeProvider, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return Encoding.UTF8.GetString(result.Stdout);
        }

        var stderr = Encoding.UTF8.GetString(result.Stderr);
        var detail = RuntimeErrorText.Describe(stderr);
        if (result.TimedOut)
        {
            throw new OciRuntimeException(id, operation, $"runc {operation} {id} timed out after {_options.CommandTimeout}{(detail.Length > 0 ? ": " + detail : "")}");
        }

        var exit = result.Status?.ToString() ?? "exit status unknown";
        throw new OciRuntimeException(
            id,
            operation,
            $"runc {operation} {id} failed ({exit}): {(detail.Length > 0 ? detail : Encoding.UTF8.GetString(result.Stdout).Trim())}",
            IsNotFound(stderr));
    }

    /// <summary>The phrases runc (and crun) use when the container or its process is gone.</summary>
    internal static bool IsNotFound(string stderr) =>
        stderr.Contains("does not exist", StringComparison.Ordinal)
        || stderr.Contains("container not running", StringComparison.Ordinal)
        || stderr.Contains("no such process", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("invalid process", StringComparison.Ordinal);
}
