using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;

namespace Crisp.IntegrationTests;

/// <summary>
/// README's quickstart (<c>scripts/quickstart.sh</c>) and its teardown, run as they are with the built crisp and paths,
/// bridge, subnet and ports of the test's own: the pod's busybox httpd answers on its address and on the host port,
/// and the teardown leaves no process, bridge, mount or file behind.
/// </summary>
public sealed partial class QuickstartTests
{
    [Fact]
    public async Task Quickstart_runs_a_reachable_pod_and_teardown_removes_everything()
    {
        using var dir = new TempDirectory();
        var id = Guid.NewGuid().ToString("N")[..6];
        var hostPort = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["QUICKSTART_DIR"] = dir.Combine("quickstart"),
            ["QUICKSTART_LISTEN"] = dir.Combine("crisp.sock"),
            ["QUICKSTART_ROOT"] = dir.Combine("root"),
            ["QUICKSTART_RUNROOT"] = dir.Combine("run"),
            ["QUICKSTART_REGISTRY_PORT"] = "0",
            ["QUICKSTART_BRIDGE"] = $"crispqs{id}",
            ["QUICKSTART_SUBNET"] = $"10.234.{Random.Shared.Next(1, 250)}.0/24",
            ["QUICKSTART_HOST_PORT"] = hostPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QUICKSTART_CRISP"] = CrispBinary.Path,
            ["QUICKSTART_POD"] = $"qs-{id}",
        };
        var state = Path.Combine(environment["QUICKSTART_DIR"], "state.env");
        var pids = new List<int>();
        try
        {
            var up = await RunScriptAsync(environment);
            pids.AddRange(StatePids(state));
            Assert.True(up.ExitCode == 0, up.ToString());

            var podIp = PodAnswers().Match(up.StandardOutput);
            Assert.True(podIp.Success, up.ToString());
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            Assert.Contains("Hello from a crisp pod", await http.GetStringAsync($"http://{podIp.Groups[1].Value}/", TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Contains("Hello from a crisp pod", await http.GetStringAsync($"http://127.0.0.1:{hostPort}/", TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Contains("bash scripts/quickstart.sh --teardown", up.StandardOutput, StringComparison.Ordinal);

            var again = await RunScriptAsync(environment);
            Assert.True(again.ExitCode != 0 && again.StandardError.Contains("already set up", StringComparison.Ordinal), again.ToString());
        }
        finally
        {
            var down = await RunScriptAsync(environment, "--teardown");
            foreach (var pid in pids.Where(IsAlive))
            {
                Process.GetProcessById(pid).Kill();
            }

            Assert.True(down.ExitCode == 0, down.ToString());
        }

        // Mounts the teardown left would also keep the temporary directory from being removed: note, unmount, then assert.
        var leftMounts = PodLeftovers.Mounts(dir.Path);
        PodLeftovers.UnmountAll(dir.Path, _ => { });
        Assert.Empty(leftMounts);
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"process {pid} outlived the teardown"));
        Assert.False(Directory.Exists(environment["QUICKSTART_DIR"]), "the quickstart directory is left");
        Assert.False(Directory.Exists(environment["QUICKSTART_ROOT"]), "the state root is left");
        Assert.NotEqual(0, HostCommand.TryRun("ip", "link", "show", environment["QUICKSTART_BRIDGE"]).ExitCode);
        var podCgroup = "crisp-quickstart-" + environment["QUICKSTART_BRIDGE"];
        Assert.DoesNotContain(Directory.EnumerateDirectories("/sys/fs/cgroup"), hierarchy => Directory.Exists(Path.Combine(hierarchy, podCgroup)));
    }

    [GeneratedRegex(@"The pod answers:\s+curl http://([0-9.]+)/")]
    private static partial Regex PodAnswers();

    private static async Task<ProcessResult> RunScriptAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "quickstart.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The registry's and the daemon's pids as the script recorded them (the test's fallback for cleanup).</summary>
    private static IEnumerable<int> StatePids(string state) =>
        File.Exists(state)
            ? File.ReadAllLines(state)
                .Where(l => l.StartsWith("registry_pid=", StringComparison.Ordinal) || l.StartsWith("daemon_pid=", StringComparison.Ordinal))
                .Select(l => int.TryParse(l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], out var pid) ? pid : 0)
                .Where(pid => pid > 0)
                .ToList()
            : [];

    private static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "quickstart.sh")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no scripts/quickstart.sh above {AppContext.BaseDirectory}");
    }
}
