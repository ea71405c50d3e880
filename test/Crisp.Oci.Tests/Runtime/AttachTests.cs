using System.Text;
using Crisp.Oci.Runtime;
using Crisp.Oci.Tests.Runtime.Support;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>Attach through conmon's SOCK_SEQPACKET attach socket: tagged output, stdin, terminals.</summary>
public sealed class AttachTests : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(20);
    private readonly RuntimeTestHost _host = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task AttachAsync_ReceivesStdoutAndStderrTaggedApart()
    {
        var id = RuntimeTestHost.NewId();
        await _host.RunAsync(id, ["sh", "-c", "while true; do echo tick; echo tock >&2; sleep 0.2; done"]);

        await using var attach = await _host.Runtime.AttachAsync(id, Token);
        var seen = await CollectUntilAsync(attach, text => text[AttachStreamKind.Stdout].Contains("tick\n", StringComparison.Ordinal) && text[AttachStreamKind.Stderr].Contains("tock\n", StringComparison.Ordinal));

        seen[AttachStreamKind.Stdout].Replace("tick\n", "", StringComparison.Ordinal).ShouldBeEmpty("stdout carries only stdout");
        seen[AttachStreamKind.Stderr].Replace("tock\n", "", StringComparison.Ordinal).ShouldBeEmpty("stderr carries only stderr");
    }

    [Fact]
    public async Task AttachAsync_StdinOnce_EchoesThroughCatAndClosingStdinEndsTheContainer()
    {
        var id = RuntimeTestHost.NewId();
        var options = _host.Prepare(id, ["cat"]) with { Stdin = true, StdinOnce = true };
        await _host.Runtime.CreateAsync(options, Token);
        await _host.Runtime.StartAsync(id, Token);

        await using var attach = await _host.Runtime.AttachAsync(id, Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(_patience);
        await using var output = attach.ReadOutputAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await attach.WriteStdinAsync("hello\n"u8.ToArray(), Token);
        var echoed = new StringBuilder();
        while (!echoed.ToString().Contains("hello\n", StringComparison.Ordinal))
        {
            (await output.MoveNextAsync()).ShouldBeTrue("conmon forwards cat's output");
            output.Current.Stream.ShouldBe(AttachStreamKind.Stdout);
            echoed.Append(Encoding.UTF8.GetString(output.Current.Data.Span));
        }

        attach.CloseStdin();

        // cat reads end of file and exits; conmon then closes every attach connection.
        while (await output.MoveNextAsync())
        {
        }

        timeout.IsCancellationRequested.ShouldBeFalse("the output ended because the container exited");
        (await _host.WaitForExitFileAsync(id)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task AttachAsync_TerminalContainer_TakesInputAndResizes()
    {
        var id = RuntimeTestHost.NewId();
        var options = _host.Prepare(id, ["sh"], config => config["process"]!["terminal"] = true) with { Terminal = true, Stdin = true };
        await _host.Runtime.CreateAsync(options, Token);
        await _host.Runtime.StartAsync(id, Token);

        await using var attach = await _host.Runtime.AttachAsync(id, Token);
        await _host.Runtime.ResizeTerminalAsync(id, width: 100, height: 40, Token);
        var seen = await CollectUntilAsync(attach, text => text[AttachStreamKind.Stdout].Contains("40 100", StringComparison.Ordinal), async () =>
        {
            await attach.WriteStdinAsync("stty size\r"u8.ToArray(), Token);
            await Task.Delay(300, Token);
        });

        seen[AttachStreamKind.Stderr].ShouldBeEmpty("a terminal has a single output");
    }

    [Fact]
    public async Task AttachAsync_NoMonitor_IsNotFound()
    {
        var missing = await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.AttachAsync(RuntimeTestHost.NewId(), Token));
        missing.IsNotFound.ShouldBeTrue();

        // A container whose conmon has exited: the link is gone with it.
        var id = RuntimeTestHost.NewId();
        await _host.RunAsync(id, ["true"]);
        await _host.WaitForExitFileAsync(id);
        (await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.AttachAsync(id, Token))).IsNotFound.ShouldBeTrue();
    }

    private static async Task<Dictionary<AttachStreamKind, string>> CollectUntilAsync(
        IAttachSession attach, Func<Dictionary<AttachStreamKind, string>, bool> done, Func<Task>? poke = null)
    {
        var text = new Dictionary<AttachStreamKind, string> { [AttachStreamKind.Stdout] = "", [AttachStreamKind.Stderr] = "" };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(_patience);
        using var stopPoking = new CancellationTokenSource();
        var poking = poke is null ? Task.CompletedTask : Task.Run(
            async () =>
            {
                while (!stopPoking.IsCancellationRequested)
                {
                    await poke();
                }
            },
            Token);
        try
        {
            await foreach (var chunk in attach.ReadOutputAsync(timeout.Token))
            {
                text[chunk.Stream] += Encoding.UTF8.GetString(chunk.Data.Span);
                if (done(text))
                {
                    return text;
                }
            }
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
        }
        finally
        {
            await stopPoking.CancelAsync();
            await poking.WaitAsync(_patience, Token);
        }

        throw new ShouldAssertException($"attach output never matched: stdout '{text[AttachStreamKind.Stdout]}', stderr '{text[AttachStreamKind.Stderr]}'");
    }
}
