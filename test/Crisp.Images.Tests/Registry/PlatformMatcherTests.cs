using System.Runtime.InteropServices;
using Crisp.Images.Registry;
using Shouldly;

namespace Crisp.Images.Tests.Registry;

public sealed class PlatformMatcherTests
{
    private static Platform? P(string? spec)
    {
        if (spec is null)
        {
            return null;
        }

        var parts = spec.Split('/');
        return new Platform(parts[0], parts[1], parts.Length > 2 ? parts[2] : null);
    }

    [Theory]
    [InlineData("linux/amd64", 0, "linux/amd64", "linux/arm64")]
    [InlineData("linux/arm64/v8", 1, "linux/amd64", "linux/arm64")]
    [InlineData("linux/arm64", 1, "linux/amd64", "linux/arm64/v8")]
    [InlineData("linux/aarch64", 1, "linux/amd64", "linux/arm64/8")]
    [InlineData("linux/arm64/v8", -1, "linux/arm/v7", "linux/amd64")]
    [InlineData("linux/arm/v7", 1, "linux/arm/v6", "linux/arm/v7")]
    [InlineData("linux/arm/v7", 0, "linux/arm/v6", "linux/arm/v5")]
    [InlineData("linux/arm", 1, "linux/arm/v6", "linux/arm")]
    [InlineData("linux/arm/v6", -1, "linux/arm/v7", "linux/arm64")]
    [InlineData("linux/amd64", 1, "windows/amd64", "linux/amd64")]
    [InlineData("linux/amd64", 1, "linux/amd64/v3", "linux/amd64")]
    [InlineData("linux/amd64", 0, "linux/amd64/v2", "linux/386")]
    [InlineData("linux/x86_64", 1, "linux/386", "linux/amd64")]
    [InlineData("linux/amd64", -1, "unknown/unknown", "linux/s390x")]
    [InlineData("linux/amd64", 1, null, "linux/amd64", "linux/amd64")]
    public void Select_PicksLikeContainerd(string wanted, int expected, params string?[] candidates)
    {
        PlatformMatcher.Select(candidates.Select(P).ToList(), P(wanted)!).ShouldBe(expected);
    }

    [Theory]
    [InlineData(Architecture.X64, "linux/amd64")]
    [InlineData(Architecture.Arm64, "linux/arm64/v8")]
    [InlineData(Architecture.Arm, "linux/arm/v7")]
    [InlineData(Architecture.Armv6, "linux/arm/v6")]
    [InlineData(Architecture.Ppc64le, "linux/ppc64le")]
    [InlineData(Architecture.S390x, "linux/s390x")]
    [InlineData(Architecture.RiscV64, "linux/riscv64")]
    [InlineData(Architecture.X86, "linux/386")]
    public void ForArchitecture_MapsToGoArchNames(Architecture architecture, string expected)
    {
        Platform.ForArchitecture(architecture).ToString().ShouldBe(expected);
    }

    [Fact]
    public void Host_IsLinux()
    {
        Platform.Host.Os.ShouldBe("linux");
        Platform.Host.ShouldBe(Platform.ForArchitecture(RuntimeInformation.OSArchitecture));
    }
}
