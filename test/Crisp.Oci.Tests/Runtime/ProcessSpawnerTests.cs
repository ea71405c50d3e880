using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Crisp.Linux;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>posix_spawn with descriptors, working directory, environment, session and signal reset.</summary>
public sealed class ProcessSpawnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crisp-spawn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Spawn_CapturesStdoutThroughAPipeAndReapsTheExitCode()
    {
        var (read, write) = Pipes.Create();
        using (read)
        {
            int pid;
            using (write)
            {
                pid = ProcessSpawner.Spawn(new SpawnRequest
                {
                    Path = "sh",
                    Arguments = ["sh", "-c", "echo hello; exit 7"],
                    Descriptors = new Dictionary<int, SafeHandle> { [1] = write },
                });
            }

            var output = await Pipes.ReadToEndAsync(read, 1024, TestContext.Current.CancellationToken);
            var status = await ProcessReaper.WaitAsync(pid, TestContext.Current.CancellationToken);

            Encoding.ASCII.GetString(output).ShouldBe("hello\n");
            status.ShouldNotBeNull();
            status.Value.Exited.ShouldBeTrue();
            status.Value.ExitCode.ShouldBe(7);
        }
    }

    [Fact]
    public async Task Spawn_SetsWorkingDirectoryEnvironmentAndExtraDescriptors()
    {
        var (outRead, outWrite) = Pipes.Create();
        var (extraRead, extraWrite) = Pipes.Create();
        using (outRead)
        using (extraRead)
        {
            int pid;
            using (outWrite)
            using (extraWrite)
            {
                // Target 3 receives the writer, target 4 the stdout pipe: both sources are renumbered safely.
                pid = ProcessSpawner.Spawn(new SpawnRequest
                {
                    Path = "/bin/sh",
                    Arguments = ["sh", "-c", "pwd >&4; echo \"$CRISP_TEST\" >&4; echo via3 >&3"],
                    Environment = ["CRISP_TEST=value", "PATH=/usr/bin:/bin"],
                    WorkingDirectory = _dir,
                    Descriptors = new Dictionary<int, SafeHandle> { [3] = extraWrite, [4] = outWrite },
                });
            }

            var output = await Pipes.ReadToEndAsync(outRead, 1024, TestContext.Current.CancellationToken);
            var extra = await Pipes.ReadToEndAsync(extraRead, 1024, TestContext.Current.CancellationToken);
            (await ProcessReaper.WaitAsync(pid, TestContext.Current.CancellationToken))!.Value.ExitCode.ShouldBe(0);

            Encoding.ASCII.GetString(output).ShouldBe($"{_dir}\nvalue\n");
            Encoding.ASCII.GetString(extra).ShouldBe("via3\n");
        }
    }

    [Fact]
    public async Task Spawn_ClosesUnlistedDescriptorsResetsSignalsAndStartsASession()
    {
        var (read, write) = Pipes.Create();
        using (read)
        {
            int pid;
            using (write)
            {
                // ls of /proc/self/fd lists 0, 1, 2 and the directory fd of ls itself (3): nothing else leaks.
                pid = ProcessSpawner.Spawn(new SpawnRequest
                {
                    Path = "sh",
                    Arguments = ["sh", "-c", "grep -E '^(SigIgn|SigBlk)' /proc/self/status; ls /proc/self/fd | tr '\\n' ' '; echo; ps -o sid= -p $$ ; echo $$"],
                    Descriptors = new Dictionary<int, SafeHandle> { [1] = write },
                    NewSession = true,
                });
            }

            var lines = Encoding.ASCII.GetString(await Pipes.ReadToEndAsync(read, 4096, TestContext.Current.CancellationToken)).Split('\n');
            await ProcessReaper.WaitAsync(pid, TestContext.Current.CancellationToken);

            // .NET ignores SIGPIPE; a spawned child must not inherit that (nor a blocked mask).
            lines[..2].Order().ShouldBe(["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"]);
            lines[2].Trim().ShouldBe("0 1 2 3");
            lines[3].Trim().ShouldBe(lines[4].Trim(), "the child leads its own session");
        }
    }

    [Fact]
    public void Spawn_MissingExecutable_Throws()
    {
        Should.Throw<SystemCallException>(() => ProcessSpawner.Spawn(new SpawnRequest { Path = "/nonexistent/crisp", Arguments = ["crisp"] }))
            .Errno.ShouldBe(Errno.ENoEnt);
        Should.Throw<SystemCallException>(() => ProcessSpawner.Spawn(new SpawnRequest { Path = "crisp-no-such-program", Arguments = ["x"] }))
            .Errno.ShouldBe(Errno.ENoEnt);
    }

    [Fact]
    public async Task DotNetSigchldHandling_DoesNotReapOurChildren()
    {
        // Starting a System.Diagnostics.Process registers .NET's SIGCHLD callback; it must only reap its own.
        using (var dotnetChild = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            await dotnetChild.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var pid = ProcessSpawner.Spawn(new SpawnRequest { Path = "sh", Arguments = ["sh", "-c", "exit 4"] });
        using (var pidFd = PidFd.TryOpen(pid))
        {
            pidFd.ShouldNotBeNull();
            (await pidFd.WaitForExitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ShouldBeTrue();
        }

        // Let another SIGCHLD (from .NET's own child) go through the runtime's handler while ours is a zombie.
        using (var another = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            await another.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await Task.Delay(200, TestContext.Current.CancellationToken);
        var status = ProcessReaper.TryReap(pid);
        status.ShouldNotBeNull("our zombie is still there for us to reap");
        status.Value.ExitCode.ShouldBe(4);
        Should.Throw<SystemCallException>(() => ProcessReaper.TryReap(pid)).Errno.ShouldBe(10);
    }

    [Fact]
    public async Task PidFd_SignalsAndObservesExitOfAChild()
    {
        var pid = ProcessSpawner.Spawn(new SpawnRequest { Path = "sleep", Arguments = ["sleep", "100"] });
        using var pidFd = PidFd.TryOpen(pid);
        pidFd.ShouldNotBeNull();
        pidFd.HasExited.ShouldBeFalse();
        ProcessReaper.TryReap(pid).ShouldBeNull();
        (await pidFd.WaitForExitAsync(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken)).ShouldBeFalse();

        pidFd.Signal(Processes.SigTerm).ShouldBeTrue();

        pidFd.WaitForExit(TimeSpan.FromSeconds(10)).ShouldBeTrue();
        var status = ProcessReaper.Wait(pid);
        status.Signaled.ShouldBeTrue();
        status.TerminatingSignal.ShouldBe(Processes.SigTerm);
        status.ToExitStatus().ShouldBe(143);
        pidFd.Signal(Processes.SigKill).ShouldBeFalse("signalling an exited process reports false");
        PidFd.TryOpen(pid).ShouldBeNull();
    }

    [Fact]
    public void Pipes_AreCloseOnExecAndReportEndOfFile()
    {
        var (read, write) = Pipes.Create();
        using (read)
        {
            using (write)
            {
                File.ReadAllText($"/proc/self/fdinfo/{read.DangerousGetHandle()}").ShouldContain("flags:\t02000000");
                Pipes.WriteAll(write, "abc"u8);
            }

            Pipes.WaitReadable(read, TimeSpan.Zero).ShouldBeTrue();
            var buffer = new byte[16];
            Pipes.Read(read, buffer).ShouldBe(3);
            Pipes.Read(read, buffer).ShouldBe(0);
        }
    }
}
