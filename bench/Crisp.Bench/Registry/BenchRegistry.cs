using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Crisp.Bench.Infrastructure;
using Crisp.IntegrationTests.Harness.Registry;

namespace Crisp.Bench.Registry;

/// <summary>
/// Debian's docker-registry on 127.0.0.1 at a free port, storing under a directory the bench gives it, with its access
/// log on (one Apache-format line per request, which is how the bench counts the bytes each contestant pulled).
/// The bench's equivalent of the integration tests' TestRegistry, which needs xunit's TestContext.
/// Disposing stops it by pid (SIGTERM, then SIGKILL) and reaps it.
/// </summary>
internal sealed partial class BenchRegistry : IAsyncDisposable
{
    public const string Executable = "/usr/bin/docker-registry";
    private const int StartAttempts = 5;

    private readonly ChildProcess _process;

    private BenchRegistry(ChildProcess process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
        Pusher = new RegistryPusher(Host);
    }

    public int Port { get; }

    /// <summary>"127.0.0.1:PORT".</summary>
    public string Host => $"127.0.0.1:{Port}";

    public string Directory { get; }

    public int Pid => _process.Pid;

    public RegistryPusher Pusher { get; }

    /// <summary>A mark for <see cref="TrafficSince"/>.</summary>
    public long LogMark => _process.LinesSeen;

    public string Output => _process.Output;

    public static async Task<BenchRegistry> StartAsync(string directory, CancellationToken ct)
    {
        if (!File.Exists(Executable))
        {
            throw new BenchException($"{Executable} is missing: apt-get install docker-registry (scripts/deps.sh)");
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "storage"));
            var config = Path.Combine(directory, "config.yml");
            File.WriteAllText(config, Config(port, Path.Combine(directory, "storage")));
            var process = ChildProcess.Start(Executable, ["serve", config], directory,
                new Dictionary<string, string>(), onLine: null);
            var registry = new BenchRegistry(process, port, directory);
            try
            {
                await registry.WaitUntilServingAsync(ct);
                return registry;
            }
            catch (BenchException) when (attempt < StartAttempts && process.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                await registry.DisposeAsync(); // Lost the port to another process: try another.
            }
            catch
            {
                await registry.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// The requests served since <paramref name="mark"/> (a <see cref="LogMark"/>), from the access log. Waits until
    /// the log has been quiet for a moment first: the registry writes a line after it has sent the response.
    /// </summary>
    public async Task<RegistryTraffic> TrafficSince(long mark)
    {
        var quiet = Stopwatch.StartNew();
        var overall = Stopwatch.StartNew();
        var seen = _process.LinesSeen;
        while (quiet.ElapsedMilliseconds < 250 && overall.Elapsed < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(25);
            if (_process.LinesSeen != seen)
            {
                seen = _process.LinesSeen;
                quiet.Restart();
            }
        }

        long bytes = 0;
        long blobBytes = 0;
        var requests = 0;
        var blobRequests = 0;
        var agents = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in _process.LinesSince(mark))
        {
            var match = AccessLogLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            requests++;
            agents.Add(match.Groups["agent"].Value);
            var size = match.Groups["bytes"].Value == "-" ? 0 : long.Parse(match.Groups["bytes"].Value, CultureInfo.InvariantCulture);
            bytes += size;
            if (match.Groups["method"].Value == "GET" && match.Groups["path"].Value.Contains("/blobs/", StringComparison.Ordinal))
            {
                blobRequests++;
                blobBytes += size;
            }
        }

        return new RegistryTraffic(requests, bytes, blobRequests, blobBytes, [.. agents]);
    }

    public async ValueTask DisposeAsync()
    {
        Pusher.Dispose();
        await _process.DisposeAsync();
    }

    private static string Config(int port, string storage) => $"""
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: false
        storage:
          filesystem:
            rootdirectory: '{storage}'
          maintenance:
            uploadpurging:
              enabled: false
        http:
          addr: 127.0.0.1:{port}
          secret: crisp-bench-{Guid.NewGuid():N}

        """;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilServingAsync(CancellationToken ct)
    {
        using var http = RegistryHttp.CreateClient(Host);
        http.Timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new BenchException($"docker-registry exited with {_process.ExitCode} during start on {Host}:\n{_process.Output}");
            }

            try
            {
                using var response = await http.GetAsync("v2/", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
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

        throw new BenchException($"docker-registry did not answer GET http://{Host}/v2/ within 30 s:\n{_process.Output}");
    }

    // 127.0.0.1 - - [23/Nov/2025:05:05:05 +0000] "GET /v2/x/blobs/sha256:… HTTP/1.1" 200 12345 "" "skopeo/1.9.3"
    [GeneratedRegex("\"(?<method>[A-Z]+) (?<path>\\S+) HTTP/[0-9.]+\" (?<status>\\d{3}) (?<bytes>\\d+|-) \"[^\"]*\" \"(?<agent>[^\"]*)\"")]
    private static partial Regex AccessLogLine();
}

/// <summary>What the registry served in a window of its access log.</summary>
internal sealed record RegistryTraffic(int Requests, long Bytes, int BlobRequests, long BlobBytes, IReadOnlyList<string> UserAgents);
