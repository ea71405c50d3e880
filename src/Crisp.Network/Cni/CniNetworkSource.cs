using System.Text;
using Microsoft.Extensions.Logging;

namespace Crisp.Network.Cni;

/// <summary>The network in use right now, or why there is none.</summary>
internal sealed record CniNetworkSelection(CniNetworkList? Network, NetworkReadiness Readiness);

/// <summary>
/// Picks the network configuration as ocicni does: files in lexical order, a <c>.conf</c> wrapped into a list,
/// the first valid one (or the one named <c>cni_default_network</c>), valid meaning parseable, every plugin found in
/// the plugin directories and (optionally) supporting the configuration's version. The choice is reused until a
/// configuration file or a plugin directory changes.
/// </summary>
internal sealed partial class CniNetworkSource
{
    private readonly CniNetworkOptions _options;
    private readonly CniPluginLocator _locator;
    private readonly CniPluginRunner _runner;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile State? _state;

    public CniNetworkSource(CniNetworkOptions options, CniPluginLocator locator, CniPluginRunner runner, ILogger logger)
    {
        _options = options;
        _locator = locator;
        _runner = runner;
        _logger = logger;
    }

    public async Task<CniNetworkSelection> GetAsync(CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint();
        if (_state is { } state && state.Fingerprint == fingerprint)
        {
            return state.Selection;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state is { } current && current.Fingerprint == fingerprint)
            {
                return current.Selection;
            }

            var selection = await LoadAsync(cancellationToken).ConfigureAwait(false);
            _state = new State(fingerprint, selection);
            return selection;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CniNetworkSelection> LoadAsync(CancellationToken cancellationToken)
    {
        var skipped = new List<string>();
        var wanted = _options.DefaultNetwork;
        foreach (var file in CniConfigFinder.CandidateFiles(_options.NetworkDir))
        {
            CniNetworkList network;
            try
            {
                network = CniNetworkList.Parse(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), file);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                skipped.Add($"{file}: {e.Message}");
                continue;
            }

            if (wanted.Length > 0 && network.Name != wanted)
            {
                continue;
            }

            if (await ProblemWithAsync(network, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                skipped.Add($"{file}: {problem}");
                continue;
            }

            Log.Selected(_logger, network.Name, file, string.Join(",", network.PluginTypes));
            return new CniNetworkSelection(network, new NetworkReadiness(true, network.Name, null, null));
        }

        var message = wanted.Length > 0
            ? $"Network plugin returns error: no valid CNI configuration for network \"{wanted}\" in {_options.NetworkDir}."
            : $"Network plugin returns error: no valid CNI configuration file in {_options.NetworkDir}. Has your network provider started?";
        if (skipped.Count > 0)
        {
            message += " Skipped: " + string.Join("; ", skipped);
        }

        Log.NotReady(_logger, message);
        return new CniNetworkSelection(null, new NetworkReadiness(false, null, NetworkReadiness.NotReadyReason, message));
    }

    private async Task<string?> ProblemWithAsync(CniNetworkList network, CancellationToken cancellationToken)
    {
        foreach (var type in network.PluginTypes.Distinct(StringComparer.Ordinal))
        {
            if (_locator.Find(type) is null)
            {
                return $"plugin \"{type}\" not found in [{string.Join(' ', _locator.PluginDirs)}]";
            }

            if (!_options.ValidatePluginVersions)
            {
                continue;
            }

            try
            {
                var versions = await _runner.VersionsAsync(type, network.CniVersion, cancellationToken).ConfigureAwait(false);
                if (!versions.Contains(network.CniVersion, StringComparer.Ordinal))
                {
                    return $"plugin \"{type}\" does not support config version \"{network.CniVersion}\" (it supports {string.Join(", ", versions)})";
                }
            }
            catch (CniPluginException e)
            {
                return e.Message;
            }
        }

        return null;
    }

    /// <summary>Names, sizes and times of the configuration files, and the times of the plugin directories.</summary>
    private string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var file in CniConfigFinder.CandidateFiles(_options.NetworkDir))
        {
            var info = new FileInfo(file);
            text.Append(file).Append('|').Append(info.Exists ? info.LastWriteTimeUtc.Ticks : -1).Append('|').Append(info.Exists ? info.Length : -1).Append('\n');
        }

        foreach (var dir in _options.PluginDirs)
        {
            var info = new DirectoryInfo(dir);
            text.Append(dir).Append('|').Append(info.Exists ? info.LastWriteTimeUtc.Ticks : -1).Append('\n');
        }

        return text.ToString();
    }

    private sealed record State(string Fingerprint, CniNetworkSelection Selection);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Using CNI network {Network} from {File} (plugins {Plugins})")]
        public static partial void Selected(ILogger logger, string network, string file, string plugins);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
        public static partial void NotReady(ILogger logger, string message);
    }
}
