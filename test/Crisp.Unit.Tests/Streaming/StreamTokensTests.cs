using Crisp.Cri.Streaming;
using Shouldly;

namespace Crisp.Unit.Tests.Streaming;

/// <summary>The streaming server's tokens: single use, valid for a minute, at most <see cref="StreamTokens.Capacity"/> outstanding.</summary>
public sealed class StreamTokensTests
{
    private static readonly ExecStreamRequest _exec = new("c1", ["sh"], Tty: false, Stdin: true, Stdout: true, Stderr: true);

    [Fact]
    public void Take_IssuedToken_ReturnsItsRequestOnce()
    {
        var tokens = new StreamTokens(new ManualTime());
        var token = tokens.Issue(_exec);

        tokens.Take(token).ShouldBe(_exec);
        tokens.Take(token).ShouldBeNull("a token is single-use");
    }

    [Fact]
    public void Issue_TwoRequests_GivesDistinctUrlSafeTokens()
    {
        var tokens = new StreamTokens(new ManualTime());

        var first = tokens.Issue(_exec);
        var second = tokens.Issue(new AttachStreamRequest("c1", Tty: false, Stdin: false, Stdout: true, Stderr: false));

        first.ShouldNotBe(second);
        first.ShouldMatch("^[A-Za-z0-9_-]{32}$");
        tokens.Take(second).ShouldBeOfType<AttachStreamRequest>();
        tokens.Take(first).ShouldBe(_exec);
    }

    [Fact]
    public void Take_UnknownToken_ReturnsNull()
    {
        var tokens = new StreamTokens(new ManualTime());
        tokens.Issue(_exec);

        tokens.Take("not-a-token").ShouldBeNull();
        tokens.Take("").ShouldBeNull();
    }

    [Fact]
    public void Take_JustBeforeAMinute_StillValid()
    {
        var time = new ManualTime();
        var tokens = new StreamTokens(time);
        var token = tokens.Issue(_exec);

        time.Advance(StreamTokens.Lifetime - TimeSpan.FromMilliseconds(1));

        tokens.Take(token).ShouldBe(_exec);
    }

    [Fact]
    public void Take_AfterAMinute_ReturnsNullAndTheTokenIsGone()
    {
        var time = new ManualTime();
        var tokens = new StreamTokens(time);
        var token = tokens.Issue(_exec);

        time.Advance(StreamTokens.Lifetime);

        StreamTokens.Lifetime.ShouldBe(TimeSpan.FromMinutes(1));
        tokens.Take(token).ShouldBeNull("expired");
        time.Advance(-StreamTokens.Lifetime);
        tokens.Take(token).ShouldBeNull("an expired token that was presented is removed");
    }

    [Fact]
    public void Issue_AtCapacity_ThrowsUntilOneIsTakenOrExpires()
    {
        var time = new ManualTime();
        var tokens = new StreamTokens(time);
        var issued = Enumerable.Range(0, StreamTokens.Capacity).Select(_ => tokens.Issue(_exec)).ToList();

        Should.Throw<InvalidOperationException>(() => tokens.Issue(_exec)).Message.ShouldContain("too many");

        tokens.Take(issued[0]).ShouldNotBeNull();
        var another = tokens.Issue(_exec);
        Should.Throw<InvalidOperationException>(() => tokens.Issue(_exec));

        time.Advance(StreamTokens.Lifetime);
        var afterExpiry = Enumerable.Range(0, StreamTokens.Capacity).Select(_ => tokens.Issue(_exec)).ToList();

        afterExpiry.Count.ShouldBe(StreamTokens.Capacity, "expired tokens are dropped as new ones come");
        tokens.Take(another).ShouldBeNull();
        tokens.Take(issued[1]).ShouldBeNull();
        tokens.Take(afterExpiry[^1]).ShouldBe(_exec);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
