using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>
/// busybox httpd serving a directory inside a pod's network namespace, started by the test with
/// <c>nsenter --net=NETNS /bin/busybox httpd -f -p PORT -h DIR</c> and killed by its pid on dispose.
/// </summary>
public sealed class NetnsHttpServer : IDisposable
{
    private readonly Process _process;

    private NetnsHttpServer(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public int Pid => _process.Id;

    /// <summary>Serves <c>index.html</c> holding <paramref name="content"/> from a new directory under <paramref name="scratch"/>.</summary>
    public static NetnsHttpServer Start(string netns, int port, string scratch, string content)
    {
        var directory = Path.Combine(scratch, "www-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "index.html"), content);
        var start = new ProcessStartInfo("nsenter") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { $"--net={netns}", "/bin/busybox", "httpd", "-f", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", directory })
        {
            start.ArgumentList.Add(argument);
        }

        return new NetnsHttpServer(Process.Start(start)!, directory);
    }

    /// <summary>GET /index.html at <paramref name="address"/>:<paramref name="port"/>, retrying while the server starts.</summary>
    public static async Task<string> GetAsync(IPAddress address, int port, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        while (true)
        {
            try
            {
                return await client.GetStringAsync(new Uri($"http://{host}:{port}/index.html"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
