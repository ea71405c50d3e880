using Microsoft.Extensions.Logging;

namespace Crisp.Server;

/// <summary>The daemon's minimum log level, changeable at run time (SIGHUP reload).</summary>
public sealed class LogLevelSwitch(LogLevel level)
{
    private volatile int _level = (int)level;

    public LogLevel Level
    {
        get => (LogLevel)_level;
        set => _level = (int)value;
    }

    /// <summary>
    /// Whether a message is written: crisp's own categories at the configured level; the framework's
    /// (Kestrel, gRPC) only from Warning up unless the level is trace.
    /// </summary>
    public bool IsEnabled(string? category, LogLevel level)
    {
        var minimum = Level;
        if (minimum > LogLevel.Trace && IsFramework(category) && minimum < LogLevel.Warning)
        {
            minimum = LogLevel.Warning;
        }

        // Kestrel warns at every start that a cleartext endpoint cannot do HTTP/2 next to HTTP/1.1;
        // CleartextProtocolSniffer makes it do exactly that, so Kestrel's own warnings are held back.
        if (minimum > LogLevel.Trace && category == KestrelCategory && minimum < LogLevel.Error)
        {
            minimum = LogLevel.Error;
        }

        return level >= minimum;
    }

    private const string KestrelCategory = "Microsoft.AspNetCore.Server.Kestrel";

    private static bool IsFramework(string? category) =>
        category is not null
        && (category.StartsWith("Microsoft.", StringComparison.Ordinal) || category.StartsWith("Grpc.", StringComparison.Ordinal));

    /// <summary>Maps a CRI-O log level name (trace, debug, info, warn, warning, error, fatal, panic).</summary>
    public static LogLevel Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" or "panic" => LogLevel.Critical,
        _ => throw new ArgumentException($"unknown log level \"{name}\"", nameof(name)),
    };
}
