using Crisp.Linux;
using Shouldly;

namespace Crisp.Unit.Tests.Linux;

public sealed class MountTableTests
{
    [Theory]
    [InlineData("/plain", "/plain")]
    [InlineData(@"/with\040space", "/with space")]
    [InlineData(@"/tab\011and\134backslash", "/tab\tand\\backslash")]
    [InlineData(@"/trailing\04", @"/trailing\04")]
    public void Unescape_OctalEscapes_Decoded(string field, string expected) =>
        MountTable.Unescape(field).ShouldBe(expected);

    [Fact]
    public void MountPointsUnder_Proc_IncludesItselfOnly()
    {
        MountTable.MountPointsUnder("/proc").ShouldContain("/proc");
        MountTable.MountPointsUnder("/proc-not-a-prefix-match").ShouldBeEmpty();
    }
}
