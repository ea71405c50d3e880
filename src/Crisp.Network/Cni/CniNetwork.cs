using System.Text;
using System.Text.Json.Nodes;
using Crisp.Linux;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crisp.Network.Cni;

/// <summary>
/// The pod network through CNI, as CRI-O (ocicni + libcni) runs it: ADD every plugin of the selected network in
/// order chaining <c>prevResult</c>, cache the final result with the configuration used, DEL in reverse order and
/// CHECK in order with the cached result and configuration. A failed ADD is undone with a DEL of the whole chain.
/// </summary>
public sealed partial class CniNetwork : IPodNetwork
{
    /// <summary>The network name of the loopback attachment (as older ocicni and containerd name it).</summary>
    internal const string LoopbackNetworkName = "cni-loopback";

    private const string LoopbackConfig = """{"cniVersion":"0.3.1","name":"cni-loopback","type":"loopback"}""";

    private static readonly TimeSpan _cleanupTimeout = TimeSpan.FromMinutes(1);

    private readonly CniNetworkOptions _options;
    private readonly ILogger _logger;
    private readonly CniPluginLocator _locator;
    private readonly CniPluginRunner _runner;
    private readonly CniNetworkSource _source;
    private readonly CniResultCache _cache;
    private readonly KeyedLock _locks = new();

    public CniNetwork(CniNetworkOptions options, ILogger<CniNetwork>? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger<CniNetwork>.Instance;
        _locator = new CniPluginLocator(options.PluginDirs);
        _runner = new CniPluginRunner(_locator, options.PluginTimeout);
        _source = new CniNetworkSource(options, _locator, _runner, _logger);
        _cache = new CniResultCache(options.CacheDir);
    }

    /// <summary>Where the cached result of an attachment is stored.</summary>
    internal string CachePathFor(string networkName, string sandboxId, string interfaceName = "eth0") =>
        _cache.PathFor(networkName, sandboxId, interfaceName);

    public async Task<NetworkReadiness> GetReadinessAsync(CancellationToken cancellationToken) =>
        (await _source.GetAsync(cancellationToken).ConfigureAwait(false)).Readiness;

    public async Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest request, CancellationToken cancellationToken)
    {
        Validate(request, requireNetns: true);
        using var held = await _locks.AcquireAsync(request.SandboxId, cancellationToken).ConfigureAwait(false);
        var selection = await _source.GetAsync(cancellationToken).ConfigureAwait(false);
        var network = selection.Network ?? throw new NetworkNotReadyException(selection.Readiness.Message ?? "no CNI network");

        if (_cache.Read(network.Name, request.SandboxId, request.InterfaceName) is { Result: { } done } existing && existing.NetnsPath == request.NetnsPath)
        {
            // A retry after the ADD finished: the attachment exists, answer with it instead of adding twice.
            Log.AlreadyAttached(_logger, request.SandboxId, network.Name);
            return CniResultParser.Parse(done, network.CniVersion, network.Name, request.InterfaceName);
        }

        if (_options.BringUpLoopback)
        {
            await BringUpLoopbackAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var attachment = new CniAttachment(request.SandboxId, request.NetnsPath, request.InterfaceName, CniRequest.CniArgs(request), CniRequest.CapabilityArgs(request));
        Log.Adding(_logger, request.PodNamespace, request.PodName, request.SandboxId, network.Name);
        var result = await AddChainAsync(network, attachment, cancellationToken).ConfigureAwait(false);
        try
        {
            var status = CniResultParser.Parse(result, network.CniVersion, network.Name, request.InterfaceName);
            _cache.Write(new CachedAttachment(network.Name, attachment.ContainerId, attachment.InterfaceName, attachment.NetnsPath, network.Bytes, attachment.Args, attachment.CapabilityArgs, result));
            Log.Added(_logger, request.SandboxId, network.Name, string.Join(", ", status.PodIps));
            return status;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await RollBackAsync(network, attachment, result, e).ConfigureAwait(false);
            throw new IOException($"attaching pod {request.SandboxId} to CNI network \"{network.Name}\": {e.Message}", e);
        }
    }

    public async Task TearDownAsync(PodNetworkRequest request, CancellationToken cancellationToken)
    {
        Validate(request, requireNetns: false);
        using var held = await _locks.AcquireAsync(request.SandboxId, cancellationToken).ConfigureAwait(false);
        var selection = await _source.GetAsync(cancellationToken).ConfigureAwait(false);
        var cached = _cache.Find(request.SandboxId, request.InterfaceName, selection.Network?.Name);

        CniNetworkList? network = selection.Network;
        var attachment = new CniAttachment(request.SandboxId, request.NetnsPath, request.InterfaceName, CniRequest.CniArgs(request), CniRequest.CapabilityArgs(request));
        JsonObject? prevResult = null;
        if (cached is not null)
        {
            // The configuration, arguments and result of the ADD, even if the files on disk changed since.
            network = FromCache(cached) ?? network;
            var netns = request.NetnsPath.Length > 0 ? request.NetnsPath : cached.NetnsPath;
            attachment = new CniAttachment(request.SandboxId, netns, request.InterfaceName, cached.CniArgs, cached.CapabilityArgs);
            prevResult = cached.Result;
        }

        if (network is null)
        {
            Log.NothingToTearDown(_logger, request.SandboxId);
            return;
        }

        var netnsGone = attachment.NetnsPath.Length == 0 || !FileSystemTypes.IsNamespaceFile(attachment.NetnsPath);
        Log.Deleting(_logger, request.PodNamespace, request.PodName, request.SandboxId, network.Name, cached is not null);
        await DeleteChainAsync(network, attachment, prevResult, tolerateFailures: netnsGone, cancellationToken).ConfigureAwait(false);
        if (cached is not null)
        {
            _cache.Delete(cached.NetworkName, request.SandboxId, request.InterfaceName);
        }
    }

    public Task<PodNetworkStatus?> StatusAsync(PodNetworkRequest request, CancellationToken cancellationToken)
    {
        Validate(request, requireNetns: false);
        if (_cache.Find(request.SandboxId, request.InterfaceName, null) is not { Result: { } result } cached)
        {
            return Task.FromResult<PodNetworkStatus?>(null);
        }

        var version = FromCache(cached)?.CniVersion ?? CniSpec.Latest;
        return Task.FromResult<PodNetworkStatus?>(CniResultParser.Parse(result, version, cached.NetworkName, cached.InterfaceName));
    }

    public async Task CheckAsync(PodNetworkRequest request, CancellationToken cancellationToken)
    {
        Validate(request, requireNetns: true);
        using var held = await _locks.AcquireAsync(request.SandboxId, cancellationToken).ConfigureAwait(false);
        var selection = await _source.GetAsync(cancellationToken).ConfigureAwait(false);
        var cached = _cache.Find(request.SandboxId, request.InterfaceName, selection.Network?.Name)
            ?? throw new InvalidOperationException($"pod sandbox {request.SandboxId} ({request.InterfaceName}) is not attached to a CNI network");
        var network = FromCache(cached)
            ?? throw new InvalidOperationException($"the cached CNI configuration of pod sandbox {request.SandboxId} is unreadable");
        if (!CniSpec.HasCheck(network.CniVersion) || network.DisableCheck)
        {
            // CHECK arrived in 0.4.0; disableCheck means the administrator knows it gives false alarms.
            return;
        }

        var attachment = new CniAttachment(request.SandboxId, request.NetnsPath, request.InterfaceName, cached.CniArgs, cached.CapabilityArgs);
        foreach (var plugin in network.Plugins)
        {
            await _runner.ExecuteAsync("CHECK", network, plugin, cached.Result, attachment, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<JsonObject> AddChainAsync(CniNetworkList network, CniAttachment attachment, CancellationToken cancellationToken)
    {
        JsonObject? result = null;
        foreach (var plugin in network.Plugins)
        {
            try
            {
                result = await _runner.ExecuteAsync("ADD", network, plugin, result, attachment, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is CniPluginException or OperationCanceledException)
            {
                await RollBackAsync(network, attachment, result, e).ConfigureAwait(false);
                throw;
            }
        }

        return result!;
    }

    /// <summary>Undoes a failed or abandoned ADD: DEL of the whole chain, every error logged, none thrown.</summary>
    private async Task RollBackAsync(CniNetworkList network, CniAttachment attachment, JsonObject? lastResult, Exception cause)
    {
        Log.RollingBack(_logger, attachment.ContainerId, network.Name, cause);
        using var timeout = new CancellationTokenSource(_cleanupTimeout);
        try
        {
            await DeleteChainAsync(network, attachment, lastResult, tolerateFailures: true, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            Log.DeleteFailed(_logger, "(all)", attachment.ContainerId, e);
        }

        _cache.Delete(network.Name, attachment.ContainerId, attachment.InterfaceName);
    }

    /// <summary>
    /// DEL of every plugin in reverse order with the ADD's result (from 0.4.0 on). "Container unknown" (code 3)
    /// counts as done. Other failures stop the teardown unless <paramref name="tolerateFailures"/> is set (the
    /// namespace is gone, or an ADD is being undone): then they are logged and the next plugin runs.
    /// </summary>
    private async Task DeleteChainAsync(CniNetworkList network, CniAttachment attachment, JsonObject? prevResult, bool tolerateFailures, CancellationToken cancellationToken)
    {
        var previous = CniSpec.HasCheck(network.CniVersion) ? prevResult : null;
        for (var i = network.Plugins.Count - 1; i >= 0; i--)
        {
            try
            {
                await _runner.ExecuteAsync("DEL", network, network.Plugins[i], previous, attachment, cancellationToken).ConfigureAwait(false);
            }
            catch (CniPluginException e) when (e.IsContainerUnknown)
            {
                Log.DeleteIgnored(_logger, e.PluginType, attachment.ContainerId, e.Message);
            }
            catch (CniPluginException e) when (tolerateFailures)
            {
                Log.DeleteFailed(_logger, e.PluginType, attachment.ContainerId, e);
            }
        }
    }

    private async Task BringUpLoopbackAsync(PodNetworkRequest request, CancellationToken cancellationToken)
    {
        var loopback = CniNetworkList.Parse(Encoding.UTF8.GetBytes(LoopbackConfig), "builtin");
        var attachment = new CniAttachment(request.SandboxId, request.NetnsPath, "lo", CniRequest.CniArgs(request), []);
        if (_locator.Find("loopback") is null)
        {
            throw new CniPluginException("loopback", LoopbackNetworkName, "ADD", null, $"failed to find plugin \"loopback\" in path [{string.Join(' ', _locator.PluginDirs)}]", null, null);
        }

        await _runner.ExecuteAsync("ADD", loopback, loopback.Plugins[0], null, attachment, cancellationToken).ConfigureAwait(false);
    }

    private CniNetworkList? FromCache(CachedAttachment cached)
    {
        try
        {
            return CniNetworkList.Parse(cached.Config, $"cache of {cached.ContainerId}");
        }
        catch (InvalidDataException e)
        {
            Log.CachedConfigUnreadable(_logger, cached.ContainerId, e);
            return null;
        }
    }

    private static void Validate(PodNetworkRequest request, bool requireNetns)
    {
        if (!CniAttachment.IsValidContainerId(request.SandboxId))
        {
            throw new ArgumentException($"invalid sandbox id \"{request.SandboxId}\" for CNI", nameof(request));
        }

        if (!CniAttachment.IsValidInterfaceName(request.InterfaceName))
        {
            throw new ArgumentException($"invalid interface name \"{request.InterfaceName}\"", nameof(request));
        }

        if (requireNetns && string.IsNullOrEmpty(request.NetnsPath))
        {
            throw new ArgumentException("a network namespace path is required", nameof(request));
        }
    }
}
