using Shouldly;
using Xunit;

namespace Crisp.Config.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("10s", 10_000_000_000L)]
    [InlineData("1m30s", 90_000_000_000L)]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("300ms", 300_000_000L)]
    [InlineData("2us", 2_000L)]
    [InlineData("2\u00b5s", 2_000L)]
    [InlineData("2\u03bcs", 2_000L)]
    [InlineData("-2s", -2_000_000_000L)]
    [InlineData("+3s", 3_000_000_000L)]
    [InlineData(".5s", 500_000_000L)]
    [InlineData("1h2m3s", 3_723_000_000_000L)]
    public void TryParse_ValidText_GivesDuration(string text, long nanoseconds)
    {
        GoDuration.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(GoDuration.FromNanoseconds(nanoseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("1x")]
    [InlineData("1.2.3s")]
    [InlineData("-")]
    public void TryParse_InvalidText_Fails(string text)
    {
        GoDuration.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldContain(text.Length == 0 ? "invalid" : text);
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(300_000_000L, "300ms")]
    [InlineData(1_500_000L, "1.5ms")]
    [InlineData(2_000L, "2\u00b5s")]
    [InlineData(-2_000_000_000L, "-2s")]
    [InlineData(5_000_000_000L, "5s")]
    public void Format_MatchesGo(long nanoseconds, string expected)
    {
        GoDuration.Format(GoDuration.FromNanoseconds(nanoseconds)).ShouldBe(expected);
    }

    [Fact]
    public void Format_ThenParse_RoundTrips()
    {
        var value = new TimeSpan(1, 2, 3, 4, 567);

        GoDuration.Parse(GoDuration.Format(value)).ShouldBe(value);
    }
}
