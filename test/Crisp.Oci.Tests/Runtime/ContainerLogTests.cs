using System.Globalization;
using System.Text;
using Crisp.Oci.Runtime;
using Crisp.Oci.Tests.Runtime.Support;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>The CRI log file conmon writes, and reopening it after rotation.</summary>
public sealed class ContainerLogTests : IAsyncLifetime
{
    private readonly RuntimeTestHost _host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Log_HasFullLinesPerStreamAndPartialLinesForA100KbLineWithoutNewline()
    {
        var id = RuntimeTestHost.NewId();
        await _host.RunAsync(id, ["sh", "-c", "echo hello; echo oops >&2; echo; head -c 100000 /dev/zero | tr '\\0' x"]);
        (await _host.WaitForExitFileAsync(id)).ExitCode.ShouldBe(0);

        var raw = await File.ReadAllBytesAsync(_host.LogPath(id), TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(raw);
        text.ShouldEndWith("\n");
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            // <RFC3339Nano> <stdout|stderr> <P|F> <content>
            var parts = line.Split(' ', 4);
            parts.Length.ShouldBe(4, line.Length > 80 ? line[..80] : line);
            parts[0].ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}[+-]\d\d:\d\d$");
            DateTimeOffset.Parse(parts[0].Remove(27, 2), CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
            parts[1].ShouldBeOneOf("stdout", "stderr");
            parts[2].ShouldBeOneOf("P", "F");
        }

        var lines = CriLogFormat.ParseLines(raw);
        lines.ShouldContain(l => l.Stream == "stdout" && !l.Partial && l.Text == "hello");
        lines.ShouldContain(l => l.Stream == "stderr" && !l.Partial && l.Text == "oops");
        lines.ShouldContain(l => l.Stream == "stdout" && !l.Partial && l.Text == "");
        var partial = lines.Where(l => l.Partial).ToList();
        partial.Count.ShouldBeGreaterThan(1, "conmon reads at most 8 KiB at a time, each chunk without a newline is a P line");
        partial.ShouldAllBe(l => l.Stream == "stdout");
        string.Concat(partial.Select(l => l.Text)).ShouldBe(new string('x', 100000));

        var (stdout, stderr) = CriLogFormat.Demultiplex(raw, int.MaxValue);
        Encoding.UTF8.GetString(stdout).ShouldBe("hello\n\n" + new string('x', 100000));
        Encoding.UTF8.GetString(stderr).ShouldBe("oops\n");
    }

    [Fact]
    public async Task ReopenLog_AfterRotation_WritesToANewFile()
    {
        var id = RuntimeTestHost.NewId();
        await _host.RunAsync(id, ["sh", "-c", "i=0; while true; do echo line$i; i=$((i+1)); sleep 0.05; done"]);
        var log = _host.LogPath(id);
        await WaitUntilAsync(() => File.Exists(log) && new FileInfo(log).Length > 0);

        var rotated = log + ".1";
        File.Move(log, rotated);
        await _host.Runtime.ReopenLogAsync(id, log, TestContext.Current.CancellationToken);

        File.Exists(log).ShouldBeTrue();
        await WaitUntilAsync(() => CriLogFormat.ParseLines(File.ReadAllBytes(log)).Count >= 3);
        var before = CriLogFormat.ParseLines(await File.ReadAllBytesAsync(rotated, TestContext.Current.CancellationToken)).Select(l => l.Text).ToList();
        var after = CriLogFormat.ParseLines(await File.ReadAllBytesAsync(log, TestContext.Current.CancellationToken)).Select(l => l.Text).ToList();
        before.ShouldNotBeEmpty();
        after.ShouldNotBeEmpty();
        int.Parse(after[0][4..], CultureInfo.InvariantCulture).ShouldBeGreaterThan(int.Parse(before[^1][4..], CultureInfo.InvariantCulture) - 1);
        after.Intersect(before).ShouldBeEmpty("each line is in exactly one file");

        await _host.Runtime.ResizeTerminalAsync(id, 80, 24, TestContext.Current.CancellationToken);
        await _host.Runtime.StopAsync(id, TimeSpan.Zero, cancellationToken: TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => PidGone(Path.Combine(_host.Bundle(id), "conmon-pidfile")));
        (await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.ReopenLogAsync(id, log, TestContext.Current.CancellationToken))).IsNotFound.ShouldBeTrue();
    }

    private static bool PidGone(string pidFile) => !Directory.Exists($"/proc/{File.ReadAllText(pidFile).Trim()}");

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("condition never held");
    }
}
