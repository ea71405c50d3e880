using System.Security.Cryptography;
using Crisp.Linux;
using Shouldly;

namespace Crisp.Unit.Tests.Linux;

public sealed class DescriptorStreamTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_WaitsForDataAndEndsAtEndOfFile()
    {
        var (read, write) = Pipes.Create();
        using var reader = new DescriptorStream(read, FileAccess.Read);
        var writer = new DescriptorStream(write, FileAccess.Write);
        var buffer = new byte[16];

        var pending = reader.ReadAsync(buffer, Token).AsTask();
        await Task.Delay(100, Token);
        pending.IsCompleted.ShouldBeFalse("nothing was written yet");
        await writer.WriteAsync("abc"u8.ToArray(), Token);
        (await pending.WaitAsync(TimeSpan.FromSeconds(5), Token)).ShouldBe(3);

        writer.Dispose();
        (await reader.ReadAsync(buffer, Token)).ShouldBe(0);
        reader.CanRead.ShouldBeTrue();
        reader.CanWrite.ShouldBeFalse();
        Should.Throw<NotSupportedException>(() => reader.Write(buffer));
    }

    [Fact]
    public async Task WriteAsync_MoreThanThePipeHolds_CompletesWhileTheReaderDrains()
    {
        var (read, write) = Pipes.Create();
        using var reader = new DescriptorStream(read, FileAccess.Read);
        var data = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);

        var writing = Task.Run(
            async () =>
            {
                await using var writer = new DescriptorStream(write, FileAccess.Write);
                await writer.WriteAsync(data, Token);
            },
            Token);
        using var received = new MemoryStream();
        await reader.CopyToAsync(received, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        await writing;

        received.ToArray().AsSpan().SequenceEqual(data).ShouldBeTrue("every byte arrives, in order");
    }

    [Fact]
    public async Task ReadAsync_Cancelled_ThrowsAndTheStreamStaysUsable()
    {
        var (read, write) = Pipes.Create();
        using var reader = new DescriptorStream(read, FileAccess.Read);
        using var writer = new DescriptorStream(write, FileAccess.Write);
        var buffer = new byte[4];

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Should.ThrowAsync<OperationCanceledException>(() => reader.ReadAsync(buffer, cancel.Token).AsTask());
        }

        writer.Write("xy"u8);
        reader.Read(buffer).ShouldBe(2);
    }

    [Fact]
    public async Task Dispose_FailsAPendingReadAndClosesTheDescriptor()
    {
        var (read, write) = Pipes.Create();
        using var _ = write;
        var reader = new DescriptorStream(read, FileAccess.Read);
        var pending = reader.ReadAsync(new byte[4], Token).AsTask();
        await Task.Delay(50, Token);

        reader.Dispose();

        await Should.ThrowAsync<ObjectDisposedException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5), Token));
        read.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public async Task WriteAsync_ReaderGone_IsBrokenPipe()
    {
        var (read, write) = Pipes.Create();
        read.Dispose();
        using var writer = new DescriptorStream(write, FileAccess.Write);

        var broken = await Should.ThrowAsync<SystemCallException>(() => writer.WriteAsync(new byte[10], Token).AsTask());

        broken.Errno.ShouldBe(32);
    }

    [Fact]
    public async Task PseudoTerminal_RawBytesBothWaysWindowSizeAndEndOfFileWhenTheSlaveCloses()
    {
        var (master, slave, path) = Terminals.OpenPseudoTerminal();
        path.ShouldStartWith("/dev/pts/");
        Terminals.MakeRaw(slave);
        Terminals.SetWindowSize(master, rows: 40, columns: 100);
        Terminals.GetWindowSize(slave).ShouldBe(((ushort)40, (ushort)100));

        using var output = new DescriptorStream(master, FileAccess.Read, ioErrorIsEndOfFile: true);
        using var input = new DescriptorStream(Descriptors.Duplicate(master), FileAccess.Write);
        using (var slaveIn = new DescriptorStream(Descriptors.Duplicate(slave), FileAccess.Read))
        using (var slaveOut = new DescriptorStream(slave, FileAccess.Write))
        {
            await input.WriteAsync(new byte[] { (byte)'a', 0x03, (byte)'\r' }, Token);
            var buffer = new byte[8];
            var got = 0;
            while (got < 3)
            {
                got += await slaveIn.ReadAsync(buffer.AsMemory(got), Token).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Token);
            }

            buffer[..3].ShouldBe(new byte[] { (byte)'a', 0x03, (byte)'\r' }, "raw mode: no line editing, no signals, no CR translation");
            await slaveOut.WriteAsync("out\n"u8.ToArray(), Token);
        }

        var all = new MemoryStream();
        await output.CopyToAsync(all, Token).WaitAsync(TimeSpan.FromSeconds(5), Token);
        all.ToArray().ShouldBe("out\n"u8.ToArray(), "no echo, no NL translation, then EIO reads as end of file");
    }

    [Fact]
    public async Task PseudoTerminal_RawKeepingOutputProcessing_TurnsNewlinesIntoCrLf()
    {
        var (master, slave, _) = Terminals.OpenPseudoTerminal();
        Terminals.MakeRaw(slave, keepOutputProcessing: true);
        using var output = new DescriptorStream(master, FileAccess.Read, ioErrorIsEndOfFile: true);
        using (var slaveOut = new DescriptorStream(slave, FileAccess.Write))
        {
            await slaveOut.WriteAsync("a\nb\n"u8.ToArray(), Token);
        }

        var all = new MemoryStream();
        await output.CopyToAsync(all, Token).WaitAsync(TimeSpan.FromSeconds(5), Token);
        all.ToArray().ShouldBe("a\r\nb\r\n"u8.ToArray());
    }

    [Fact]
    public async Task ChildExit_ReapsAndReportsTheStatus()
    {
        var pid = ProcessSpawner.Spawn(new SpawnRequest { Path = "/bin/sh", Arguments = ["sh", "-c", "exit 3"] });
        (await ChildExit.WaitAsync(pid, Token).WaitAsync(TimeSpan.FromSeconds(10), Token))!.Value.ExitCode.ShouldBe(3);

        var sleeper = ProcessSpawner.Spawn(new SpawnRequest { Path = "/bin/sleep", Arguments = ["sleep", "100"] });
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            await Should.ThrowAsync<OperationCanceledException>(() => ChildExit.WaitAsync(sleeper, cancel.Token));
        }
        finally
        {
            Processes.Signal(sleeper, Processes.SigKill);
            var status = await ChildExit.WaitAsync(sleeper, Token).WaitAsync(TimeSpan.FromSeconds(10), Token);
            status!.Value.TerminatingSignal.ShouldBe(Processes.SigKill);
        }

        Directory.Exists($"/proc/{sleeper}").ShouldBeFalse("reaped, not a zombie");
    }
}
