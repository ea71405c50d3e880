using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Crisp.Linux;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>How to start a <see cref="TestRegistry"/>.</summary>
public sealed record TestRegistryOptions
{
    /// <summary>Requires Basic auth with these credentials (an htpasswd file with a bcrypt hash).</summary>
    public RegistryCredentials? BasicAuth { get; init; }

    /// <summary>docker-registry's own log level (error, warn, info, debug).</summary>
    public string LogLevel { get; init; } = "warn";

    /// <summary>The registry logs one line per request (Apache format) unless this is false.</summary>
    public bool AccessLog { get; init; } = true;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string Executable { get; init; } = "/usr/bin/docker-registry";
}

/// <summary>
/// Debian's docker-registry (the CNCF distribution registry 2.8) serving plain HTTP on 127.0.0.1 at a free port,
/// storing into a temporary directory. Disposing stops it by pid (SIGTERM, then SIGKILL after 5 s), reaps it and
/// removes the directory. Everything it prints is kept in <see cref="Output"/> and written to the test output on dispose.
/// Tests that only need some registry should use <see cref="SharedRegistries"/> with unique repository names
/// (<see cref="RepositoryNames.Unique"/>).
/// </summary>
public sealed class TestRegistry : IAsyncDisposable
{
    private const int MaxOutputChars = 1 << 20;
    private const int StartAttempts = 5;
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _dir;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly ConcurrentDictionary<(string Repository, string Tag, string Digest), Lazy<Task<PushedImage>>> _pushedOnce = new();
    private readonly Lazy<RegistryPusher> _pusher;
    private int _disposed;
    private int? _exitCode;

    private TestRegistry(TempDirectory dir, int port, RegistryCredentials? credentials, Process process)
    {
        _dir = dir;
        _process = process;
        Port = port;
        Credentials = credentials;
        _pusher = new Lazy<RegistryPusher>(() => new RegistryPusher(Host, Credentials));
    }

    /// <summary>"127.0.0.1:PORT": the registry part of image references.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public int Port { get; }

    public Uri BaseAddress => new($"http://{Host}/");

    /// <summary>Set when the registry requires Basic auth.</summary>
    public RegistryCredentials? Credentials { get; }

    /// <summary>The registry's process id (still readable after dispose).</summary>
    public int Pid { get; private set; }

    /// <summary>Whether the process has exited (true after dispose, which reaps it).</summary>
    public bool HasExited => _exitCode is not null || _process.HasExited;

    /// <summary>The exit status once stopped (SIGTERM shows as 143: Go's default handler lets the signal kill it).</summary>
    public int? ExitCode => _exitCode;

    /// <summary>The temporary directory holding config.yml, htpasswd and the storage root.</summary>
    public string Directory => _dir.Path;

    public string ConfigFile => _dir.Combine("config.yml");

    /// <summary>storage.filesystem.rootdirectory; blobs live under docker/registry/v2/blobs/sha256/&lt;xx&gt;/&lt;hex&gt;/data.</summary>
    public string StorageDirectory => _dir.Combine("storage");

    /// <summary>Whether this is one of <see cref="SharedRegistries"/>' instances (used by many tests at once).</summary>
    public bool IsShared { get; internal set; }

    /// <summary>A pusher authenticated with <see cref="Credentials"/> (owned by the registry; don't dispose it).</summary>
    public RegistryPusher Pusher => _pusher.Value;

    /// <summary>Everything the registry printed so far (stdout and stderr, the last MiB).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a registry and waits until GET /v2/ answers (200, or 401 with Basic auth); about 0.1 s.</summary>
    public static async Task<TestRegistry> StartAsync(TestRegistryOptions? options = null, CancellationToken ct = default)
    {
        options ??= new TestRegistryOptions();
        if (!File.Exists(options.Executable))
        {
            throw new FileNotFoundException($"{options.Executable} is missing: install docker-registry (scripts/deps.sh)");
        }

        for (var attempt = 1; ; attempt++)
        {
            var registry = Launch(options, FreePort());
            try
            {
                await registry.WaitUntilServingAsync(options, ct);
                return registry;
            }
            catch (RegistryExitedException) when (attempt < StartAttempts && registry.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                // Another process took the port between our probe and the registry's bind: try another.
                await registry.DisposeAsync();
            }
            catch
            {
                await registry.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>"127.0.0.1:PORT/repository:tag".</summary>
    public string Reference(string repository, string tag = "latest") => $"{Host}/{repository}:{tag}";

    /// <summary>"127.0.0.1:PORT/repository@sha256:…".</summary>
    public string DigestReference(string repository, string digest) => $"{Host}/{repository}@{digest}";

    /// <summary>A client for http://127.0.0.1:PORT/ (with the Basic auth header when <paramref name="authenticated"/> and the registry has credentials).</summary>
    public HttpClient CreateClient(bool authenticated = true) => RegistryHttp.CreateClient(Host, authenticated ? Credentials : null);

    /// <summary>Pushes an image's blobs and its manifest under <paramref name="tag"/> (by digest only when null).</summary>
    public async Task<PushedImage> PushAsync(TestImage image, string repository, string? tag = "latest", CancellationToken ct = default)
    {
        var digest = await Pusher.PushImageAsync(repository, image, tag, ct);
        return new PushedImage(Host, repository, tag, digest);
    }

    /// <summary>Pushes an index's images by digest and the index under <paramref name="tag"/> (by digest only when null).</summary>
    public async Task<PushedImage> PushAsync(TestImageIndex index, string repository, string? tag = "latest", CancellationToken ct = default)
    {
        var digest = await Pusher.PushIndexAsync(repository, index, tag, ct);
        return new PushedImage(Host, repository, tag, digest);
    }

    /// <summary>
    /// Pushes an image once per registry, however many tests ask (for well-known names such as library/busybox:latest
    /// on a shared registry). Tests that change or delete what they push should use their own unique repository.
    /// </summary>
    public Task<PushedImage> PushOnceAsync(TestImage image, string repository, string tag = "latest") =>
        _pushedOnce.GetOrAdd((repository, tag, image.Digest), _ => new Lazy<Task<PushedImage>>(() => PushAsync(image, repository, tag))).Value;

    /// <summary>Where the registry keeps a blob's bytes.</summary>
    public string BlobPath(string digest)
    {
        var hex = Digests.Hex(digest);
        return Path.Combine(StorageDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    /// <summary>
    /// Makes a pushed blob's content stop matching its digest, keeping its length (every byte inverted): the registry
    /// does not re-verify what it serves, so a pull gets the wrong bytes and must fail its sha256 check. The registry
    /// refuses wrong content at upload, which is why this edits its storage. Blobs are shared by every repository of
    /// a registry: on a shared registry corrupt only a blob of your own (<see cref="TestImages.WithUniqueLayer"/>).
    /// </summary>
    public void CorruptBlob(string digest)
    {
        var bytes = File.ReadAllBytes(ExistingBlobPath(digest));
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= 0xFF;
        }

        CorruptBlob(digest, bytes);
    }

    /// <summary>Replaces a pushed blob's stored bytes with <paramref name="content"/> (which may change its length).</summary>
    public void CorruptBlob(string digest, ReadOnlySpan<byte> content)
    {
        var path = ExistingBlobPath(digest);
        if (IsShared && TestImages.IsReadyMadeBlob(digest))
        {
            throw new InvalidOperationException(
                $"{digest} belongs to a ready-made image other tests pull from this shared registry; corrupt a unique layer (TestImages.WithUniqueLayer) instead");
        }

        File.WriteAllBytes(path, content.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_pusher.IsValueCreated)
        {
            _pusher.Value.Dispose();
        }

        await StopAsync();
        _exitCode = _process.ExitCode;
        var output = Output;
        if (output.Length > 0)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"--- docker-registry output ({Host}, {Directory}) ---\n{output}");
        }

        _process.Dispose();
        _dir.Dispose();
    }

    private static TestRegistry Launch(TestRegistryOptions options, int port)
    {
        var dir = new TempDirectory();
        System.IO.Directory.CreateDirectory(dir.Combine("storage"));
        string? htpasswd = null;
        if (options.BasicAuth is { } credentials)
        {
            htpasswd = dir.Combine("htpasswd");
            File.WriteAllText(htpasswd, credentials.HtpasswdLine() + "\n");
        }

        File.WriteAllText(dir.Combine("config.yml"), Config(options, port, dir.Combine("storage"), htpasswd));

        var start = new ProcessStartInfo(options.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir.Path,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(dir.Combine("config.yml"));

        // REGISTRY_<SECTION>_<KEY> variables override the config file; don't let the environment change ours.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("REGISTRY_", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(name);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var registry = new TestRegistry(dir, port, options.BasicAuth, process);
        process.OutputDataReceived += (_, e) => registry.Append(e.Data);
        process.ErrorDataReceived += (_, e) => registry.Append(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            dir.Dispose();
            throw;
        }

        registry.Pid = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return registry;
    }

    /// <summary>docker-registry's configuration (distribution 2.8 YAML).</summary>
    private static string Config(TestRegistryOptions options, int port, string storage, string? htpasswd)
    {
        var config = new StringBuilder($"""
            version: 0.1
            log:
              level: {options.LogLevel}
              accesslog:
                disabled: {(options.AccessLog ? "false" : "true")}
            storage:
              filesystem:
                rootdirectory: '{storage}'
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              secret: crisp-test-{Guid.NewGuid():N}
              headers:
                X-Content-Type-Options: [nosniff]

            """);
        if (htpasswd is not null)
        {
            config.Append($"""
                auth:
                  htpasswd:
                    realm: crisp-test-registry
                    path: '{htpasswd}'

                """);
        }

        return config.ToString();
    }

    /// <summary>A port nothing listens on right now (the registry binds it a moment later; StartAsync retries a lost race).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilServingAsync(TestRegistryOptions options, CancellationToken ct)
    {
        using var http = CreateClient(authenticated: false);
        http.Timeout = TimeSpan.FromSeconds(2);
        var expected = options.BasicAuth is null ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < options.StartTimeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(ct);
                throw new RegistryExitedException($"docker-registry exited with {_process.ExitCode} during start on {Host}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("v2/", ct);
                if (response.StatusCode == expected)
                {
                    return;
                }

                throw new InvalidOperationException($"GET http://{Host}/v2/ answered {(int)response.StatusCode}, expected {(int)expected}:\n{Output}");
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // The 2 s request timeout.
            }

            await Task.Delay(25, ct);
        }

        throw new TimeoutException($"docker-registry did not answer GET http://{Host}/v2/ within {options.StartTimeout}:\n{Output}");
    }

    private async Task StopAsync()
    {
        if (_process.HasExited)
        {
            await _process.WaitForExitAsync();
            return;
        }

        Signal(Processes.SigTerm);
        using (var cts = new CancellationTokenSource(_stopTimeout))
        {
            try
            {
                await _process.WaitForExitAsync(cts.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // Ignored SIGTERM: kill it.
            }
        }

        Signal(Processes.SigKill);
        await _process.WaitForExitAsync();
    }

    private void Signal(int signal)
    {
        // ESRCH means it has exited meanwhile (WaitForExitAsync then reaps it).
        if (!Processes.Signal(_process.Id, signal) && Marshal.GetLastPInvokeError() != 3)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private string ExistingBlobPath(string digest)
    {
        var path = BlobPath(digest);
        return File.Exists(path) ? path : throw new FileNotFoundException($"blob {digest} is not in {Host}'s storage (push it first)", path);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length > MaxOutputChars)
            {
                _output.Remove(0, _output.Length / 2).Insert(0, "[... earlier output dropped ...]\n");
            }

            _output.AppendLine(line);
        }
    }

    private sealed class RegistryExitedException(string message) : Exception(message);
}

/// <summary>Where an image or index was pushed.</summary>
public sealed record PushedImage(string Host, string Repository, string? Tag, string Digest)
{
    /// <summary>"host/repository": the image name without tag or digest.</summary>
    public string Name => $"{Host}/{Repository}";

    /// <summary>"host/repository:tag", or the digest reference when pushed without a tag.</summary>
    public string Reference => Tag is null ? DigestReference : $"{Name}:{Tag}";

    /// <summary>"host/repository@sha256:…".</summary>
    public string DigestReference => $"{Name}@{Digest}";

    public override string ToString() => Reference;
}
