using Crisp.Linux;
using Crisp.Network.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crisp.Network.Namespaces;

/// <summary>
/// Creates a pod's network, IPC and UTS namespaces and pins each as a bind-mounted file
/// <c>&lt;namespaces_dir&gt;/{netns,ipcns,utsns}/&lt;name&gt;</c> (CRI-O's pinns layout). The namespaces are made by a
/// spawned util-linux <c>unshare --net=FILE --ipc=FILE --uts=FILE</c>, never by the daemon's own threads; the host
/// name and namespaced sysctls are written from inside the new namespaces by the same helper before it exits.
/// </summary>
public sealed partial class NamespacePinner
{
    private const string Script =
        "while [ $# -ge 2 ]; do printf '%s' \"$2\" > \"/proc/sys/$1\" || { echo \"cannot set /proc/sys/$1 to '$2'\" >&2; exit 1; }; shift 2; done";

    private static readonly (PodNamespaceKinds Kind, string Directory, string Flag)[] _kinds =
    [
        (PodNamespaceKinds.Network, "netns", "--net"),
        (PodNamespaceKinds.Ipc, "ipcns", "--ipc"),
        (PodNamespaceKinds.Uts, "utsns", "--uts"),
    ];

    private readonly NamespacePinnerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _setupLock = new();
    private bool _directoriesReady;

    public NamespacePinner(NamespacePinnerOptions options, ILogger<NamespacePinner>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.NamespacesDir);
        _options = options with { NamespacesDir = Path.GetFullPath(options.NamespacesDir) };
        _logger = logger ?? NullLogger<NamespacePinner>.Instance;
    }

    public NamespacePinner(string namespacesDir, ILogger<NamespacePinner>? logger = null)
        : this(new NamespacePinnerOptions(namespacesDir), logger)
    {
    }

    /// <summary>The absolute namespaces directory.</summary>
    public string NamespacesDir => _options.NamespacesDir;

    /// <summary>Where the pin of one namespace kind for <paramref name="name"/> lives.</summary>
    public string PathFor(PodNamespaceKinds kind, string name)
    {
        ValidateName(name);
        var entry = _kinds.SingleOrDefault(k => k.Kind == kind);
        return entry.Directory is null
            ? throw new ArgumentException($"{kind} is not a single namespace kind", nameof(kind))
            : Path.Combine(NamespacesDir, entry.Directory, name);
    }

    /// <summary>
    /// Creates and pins the requested namespaces. On failure nothing is left behind. Throws
    /// <see cref="ArgumentException"/> for a bad request and <see cref="IOException"/> when pinning fails.
    /// </summary>
    public async Task<PinnedNamespaces> PinAsync(NamespacePinRequest request, CancellationToken cancellationToken)
    {
        var writes = PlanWrites(request);
        EnsureDirectories();

        var paths = new List<(PodNamespaceKinds Kind, string Flag, string Path)>();
        foreach (var (kind, _, flag) in _kinds.Where(k => (request.Kinds & k.Kind) != 0))
        {
            paths.Add((kind, flag, PathFor(kind, request.Name)));
        }

        var created = new List<string>();
        try
        {
            foreach (var (_, _, path) in paths)
            {
                if (IsPinned(path))
                {
                    throw new IOException($"{path} is already a pinned namespace");
                }

                // unshare bind-mounts onto the file, so it has to exist; a leftover unmounted one is reused.
                using (new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead }))
                {
                }

                created.Add(path);
            }

            var arguments = paths.Select(p => $"{p.Flag}={p.Path}").ToList();
            arguments.AddRange(["--", _options.ShellPath, "-c", Script, "crisp-pin"]);
            foreach (var (key, value) in writes)
            {
                arguments.Add(key);
                arguments.Add(value);
            }

            var invocation = new HelperInvocation(_options.UnsharePath, arguments) { Timeout = _options.Timeout };
            HelperResult result;
            try
            {
                result = await HelperProcess.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new IOException($"cannot run {_options.UnsharePath}: {e.Message}", e);
            }
            catch (TimeoutException e)
            {
                throw new IOException($"pinning namespaces for {request.Name}: {e.Message}", e);
            }

            if (result.ExitCode != 0)
            {
                throw new IOException($"pinning namespaces for {request.Name} failed: {invocation.Display} exited with {result.ExitCode}: {result.Stderr}");
            }

            foreach (var (_, _, path) in paths.Where(p => !IsPinned(p.Path)))
            {
                throw new IOException($"pinning namespaces for {request.Name}: {path} is not a namespace after {_options.UnsharePath} succeeded");
            }

            Log.Pinned(_logger, request.Name, request.Kinds);
            return new PinnedNamespaces(
                request.Name,
                paths.Where(p => p.Kind == PodNamespaceKinds.Network).Select(p => p.Path).FirstOrDefault(),
                paths.Where(p => p.Kind == PodNamespaceKinds.Ipc).Select(p => p.Path).FirstOrDefault(),
                paths.Where(p => p.Kind == PodNamespaceKinds.Uts).Select(p => p.Path).FirstOrDefault());
        }
        catch
        {
            foreach (var path in created)
            {
                try
                {
                    RemovePin(path);
                }
                catch (IOException e)
                {
                    Log.CleanupFailed(_logger, path, e);
                }
            }

            throw;
        }
    }

    /// <summary>Removes the pins of <paramref name="pinned"/>; missing or half-created ones are fine.</summary>
    public void Remove(PinnedNamespaces pinned) => RemoveAll(pinned.Paths);

    /// <summary>Removes every pin named <paramref name="name"/> (all kinds); missing ones are fine.</summary>
    public void Remove(string name) => RemoveAll(_kinds.Select(k => PathFor(k.Kind, name)));

    /// <summary>
    /// Unmounts (lazily when busy) and deletes one pinned namespace file. Returns false when there was nothing
    /// to remove. Tolerates an unmounted placeholder and a path that is already gone.
    /// </summary>
    public static bool RemovePin(string path)
    {
        var removed = false;
        for (var i = 0; i < 16 && MountCalls.Unmount(path, detachIfBusy: true); i++)
        {
            removed = true; // stacked mounts are unmounted one by one
        }

        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
                removed = true;
            }
        }
        catch (DirectoryNotFoundException)
        {
        }

        return removed;
    }

    /// <summary>Whether <paramref name="path"/> is a pinned namespace (a bind mount of an nsfs file).</summary>
    public static bool IsPinned(string path) => FileSystemTypes.IsNamespaceFile(path);

    private void RemoveAll(IEnumerable<string> paths)
    {
        var failures = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                if (RemovePin(path))
                {
                    Log.Removed(_logger, path);
                }
            }
            catch (IOException e)
            {
                failures.Add(e.Message);
            }
        }

        if (failures.Count > 0)
        {
            throw new IOException("removing pinned namespaces failed: " + string.Join("; ", failures));
        }
    }

    private static List<KeyValuePair<string, string>> PlanWrites(NamespacePinRequest request)
    {
        ValidateName(request.Name);
        if (request.Kinds == PodNamespaceKinds.None || (request.Kinds & ~PodNamespaceKinds.All) != 0)
        {
            throw new ArgumentException($"invalid namespace kinds {request.Kinds}", nameof(request));
        }

        var writes = new List<KeyValuePair<string, string>>();
        if (request.Hostname is { } hostname)
        {
            if (hostname.Length is 0 or > 64 || hostname.Any(c => c is '\n' or '\0'))
            {
                throw new ArgumentException($"invalid host name \"{hostname}\"", nameof(request));
            }

            writes.AddRange(NamespaceSysctls.Resolve([new("kernel.hostname", hostname)], request.Kinds));
        }

        writes.AddRange(NamespaceSysctls.Resolve(request.Sysctls, request.Kinds));
        return writes;
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid namespace pin name \"{name}\"", nameof(name));
        }
    }

    /// <summary>
    /// Creates the directories once and makes the namespaces directory a private bind mount of itself, so the
    /// nsfs mounts below it do not propagate into other mount namespaces (ip netns does the same for /run/netns).
    /// </summary>
    private void EnsureDirectories()
    {
        lock (_setupLock)
        {
            if (_directoriesReady)
            {
                return;
            }

            Directory.CreateDirectory(NamespacesDir);
            if (!MountCalls.IsMountPoint(NamespacesDir))
            {
                MountCalls.Mount(NamespacesDir, NamespacesDir, null, MountFlags.Bind, null);
            }

            MountCalls.Mount(null, NamespacesDir, null, MountFlags.Private, null);
            foreach (var (_, directory, _) in _kinds)
            {
                var path = Path.Combine(NamespacesDir, directory);
                if (File.Exists(path))
                {
                    File.Delete(path); // a stray file where the directory belongs (CRI-O removes it too)
                }

                Directory.CreateDirectory(path);
            }

            _directoriesReady = true;
        }
    }
}
