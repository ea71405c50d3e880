using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Crisp.Network.Tests.Support;

/// <summary>A one-shot TCP server inside a pod namespace (busybox nc) and a client on the host that reads its greeting.</summary>
internal sealed class TcpProbe : IDisposable
{
    private readonly Process _server;

    private TcpProbe(Process server) => _server = server;

    /// <summary>Starts <c>busybox nc -l -p PORT -e echo GREETING</c> in <paramref name="netns"/>.</summary>
    public static TcpProbe Listen(string netns, int port, string greeting)
    {
        var startInfo = new ProcessStartInfo("nsenter") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { $"--net={netns}", "--", "busybox", "nc", "-l", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-e", "echo", greeting })
        {
            startInfo.ArgumentList.Add(argument);
        }

        return new TcpProbe(Process.Start(startInfo)!);
    }

    /// <summary>Connects (retrying while the listener starts) and returns what the server sent.</summary>
    public static async Task<string> ReadGreetingAsync(IPAddress address, int port, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                using var client = new TcpClient(address.AddressFamily);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await client.ConnectAsync(address, port, timeout.Token);
                using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
                return (await reader.ReadToEndAsync(timeout.Token)).Trim();
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _server.Dispose();
    }
}
