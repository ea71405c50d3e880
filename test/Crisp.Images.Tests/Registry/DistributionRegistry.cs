using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Crisp.Images.Tests.Registry;

/// <summary>
/// A real CNCF distribution registry (Debian's <c>docker-registry</c>) on 127.0.0.1 and a free port, storing into a
/// temp directory; killed by PID and reaped on dispose. Optionally with htpasswd Basic auth.
/// </summary>
public class DistributionRegistry : IAsyncLifetime
{
    public const string Binary = "/usr/bin/docker-registry";

    /// <summary>Basic-auth user of <see cref="BasicAuthDistributionRegistry"/>.</summary>
    public const string User = "crisp-user";

    /// <summary>Its password; <see cref="HtpasswdLine"/> is its bcrypt hash (cost 5), precomputed so no htpasswd tool is needed.</summary>
    public const string Password = "s3cret-pass";

    private const string HtpasswdLine = "crisp-user:$2b$05$BuyidmbHqnjmjXBWeZ5poONTGhznpCMuD3OC0TcpFUUs.6FYvTqKi";

    private readonly bool _basicAuth;
    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _root;

    public DistributionRegistry()
        : this(basicAuth: false)
    {
    }

    protected DistributionRegistry(bool basicAuth)
    {
        _basicAuth = basicAuth;
    }

    public static bool IsInstalled => File.Exists(Binary);

    /// <summary>host:port.</summary>
    public string Endpoint { get; private set; } = "";

    public Uri BaseUri => new($"http://{Endpoint}/");

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

    /// <summary>A pusher for this registry (with the Basic credentials when auth is on).</summary>
    public RegistryPusher Pusher() => new(BaseUri, _basicAuth ? (User, Password) : null);

    public void SkipIfUnavailable() => Assert.SkipUnless(IsInstalled, $"{Binary} is not installed (apt-get install docker-registry)");

    public async ValueTask InitializeAsync()
    {
        if (!IsInstalled)
        {
            return;
        }

        _root = Directory.CreateTempSubdirectory("crisp-registry-").FullName;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            Endpoint = $"127.0.0.1:{port}";
            var config = Path.Combine(_root, "config.yml");
            var auth = "";
            if (_basicAuth)
            {
                var htpasswd = Path.Combine(_root, "htpasswd");
                await File.WriteAllTextAsync(htpasswd, HtpasswdLine + "\n");
                auth = $"""
                    auth:
                      htpasswd:
                        realm: crisp-test-realm
                        path: {htpasswd}
                    """;
            }

            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: {Path.Combine(_root, "data")}
                  delete:
                    enabled: true
                http:
                  addr: {Endpoint}
                  secret: crisp-test-secret
                {auth}
                """);
            StartProcess(config);
            if (await WaitReadyAsync())
            {
                return;
            }

            StopProcess();
            if (attempt == 2)
            {
                throw new InvalidOperationException($"docker-registry did not start on {Endpoint}:\n{Output}");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        StopProcess();
        if (_root is not null)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private void StartProcess(string config)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        _process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task<bool> WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is null || _process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "/v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        return false;
    }

    private void StopProcess()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A <see cref="DistributionRegistry"/> that requires HTTP Basic auth (htpasswd).</summary>
public sealed class BasicAuthDistributionRegistry : DistributionRegistry
{
    public BasicAuthDistributionRegistry()
        : base(basicAuth: true)
    {
    }
}
