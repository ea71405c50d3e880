using Crisp.Server;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace Crisp.Unit.Tests.Server;

public sealed class LogLevelSwitchTests
{
    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("fatal", LogLevel.Critical)]
    [InlineData("panic", LogLevel.Critical)]
    public void Parse_CrioLevels(string name, LogLevel expected) => LogLevelSwitch.Parse(name).ShouldBe(expected);

    [Fact]
    public void Parse_Unknown_Throws() => Should.Throw<ArgumentException>(() => LogLevelSwitch.Parse("loud"));

    [Fact]
    public void IsEnabled_FrameworkCategoriesQuietUnlessTrace()
    {
        var levels = new LogLevelSwitch(LogLevel.Debug);

        levels.IsEnabled("Crisp.Server.CrispServer", LogLevel.Debug).ShouldBeTrue();
        levels.IsEnabled("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information).ShouldBeFalse();
        levels.IsEnabled("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning).ShouldBeTrue();

        // Kestrel's start-up warning about cleartext HTTP/2 is wrong for crisp's socket; only its errors show.
        levels.IsEnabled("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning).ShouldBeFalse();
        levels.IsEnabled("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error).ShouldBeTrue();

        levels.Level = LogLevel.Trace;
        levels.IsEnabled("Grpc.AspNetCore.Server", LogLevel.Trace).ShouldBeTrue();

        levels.Level = LogLevel.Error;
        levels.IsEnabled("Crisp.Server.CrispServer", LogLevel.Warning).ShouldBeFalse();
    }
}
