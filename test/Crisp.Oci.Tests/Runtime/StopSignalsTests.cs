using Crisp.Oci.Runtime;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

public sealed class StopSignalsTests
{
    [Theory]
    [InlineData("SIGTERM", 15)]
    [InlineData("TERM", 15)]
    [InlineData("SIGQUIT", 3)]
    [InlineData("QUIT", 3)]
    [InlineData("SIGKILL", 9)]
    [InlineData("SIGHUP", 1)]
    [InlineData("SIGINT", 2)]
    [InlineData("SIGUSR1", 10)]
    [InlineData("USR2", 12)]
    [InlineData("SIGWINCH", 28)]
    [InlineData("SIGSYS", 31)]
    [InlineData("SIGIOT", 6)]
    [InlineData("SIGPOLL", 29)]
    [InlineData("sigquit", 3)]
    [InlineData("Term", 15)]
    [InlineData("  SIGINT\n", 2)]
    public void TryParse_Names_WithOrWithoutSigPrefix_AnyCase(string text, int expected) =>
        StopSignals.TryParse(text).ShouldBe(expected);

    [Theory]
    [InlineData("1", 1)]
    [InlineData("3", 3)]
    [InlineData("9", 9)]
    [InlineData("15", 15)]
    [InlineData("034", 34)]
    [InlineData("64", 64)]
    [InlineData(" 2 ", 2)]
    public void TryParse_Numbers_OneToSixtyFour(string text, int expected) =>
        StopSignals.TryParse(text).ShouldBe(expected);

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-1")]
    [InlineData("+3")]
    [InlineData("3.0")]
    [InlineData("99999999999999999999")]
    public void TryParse_NumbersOutOfRangeOrNotPlain_Null(string text) =>
        StopSignals.TryParse(text).ShouldBeNull();

    [Theory]
    [InlineData("SIGRTMIN", 34)]
    [InlineData("RTMIN", 34)]
    [InlineData("SIGRTMIN+0", 34)]
    [InlineData("SIGRTMIN+1", 35)]
    [InlineData("RTMIN+3", 37)]
    [InlineData("sigrtmin+30", 64)]
    [InlineData("SIGRTMAX", 64)]
    [InlineData("RTMAX", 64)]
    [InlineData("SIGRTMAX-0", 64)]
    [InlineData("SIGRTMAX-1", 63)]
    [InlineData("RTMAX-2", 62)]
    [InlineData("SIGRTMAX-30", 34)]
    public void TryParse_RealTimeSignals_RelativeToRtMinAndRtMax(string text, int expected) =>
        StopSignals.TryParse(text).ShouldBe(expected);

    [Theory]
    [InlineData("SIGRTMIN+31")]
    [InlineData("SIGRTMAX-31")]
    [InlineData("SIGRTMIN-1")]
    [InlineData("SIGRTMAX+1")]
    [InlineData("SIGRTMIN+")]
    [InlineData("SIGRTMIN+x")]
    [InlineData("SIGRTMIN+-1")]
    [InlineData("SIGRTMAX--1")]
    public void TryParse_RealTimeSignalsOutOfRangeOrMalformed_Null(string text) =>
        StopSignals.TryParse(text).ShouldBeNull();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("SIG")]
    [InlineData("SIGFOO")]
    [InlineData("FOO")]
    [InlineData("SIGSIGTERM")]
    [InlineData("SIG TERM")]
    [InlineData("TERM15")]
    public void TryParse_Garbage_Null(string? text) =>
        StopSignals.TryParse(text).ShouldBeNull();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SIGFOO")]
    [InlineData("0")]
    [InlineData("SIGRTMAX-31")]
    public void ParseOrDefault_NothingUsable_Sigterm(string? text)
    {
        StopSignals.ParseOrDefault(text).ShouldBe(15);
        StopSignals.ParseOrDefault(text).ShouldBe(StopSignals.Default);
    }

    [Theory]
    [InlineData("SIGQUIT", 3)]
    [InlineData("9", 9)]
    [InlineData("SIGRTMIN+3", 37)]
    public void ParseOrDefault_Usable_ThatSignal(string text, int expected) =>
        StopSignals.ParseOrDefault(text).ShouldBe(expected);
}
