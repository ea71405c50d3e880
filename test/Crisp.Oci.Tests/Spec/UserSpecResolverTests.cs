using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Users;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class UserSpecResolverTests
{
    private static readonly IReadOnlyList<PasswdEntry> _passwd = UserDatabase.ParsePasswd(SpecTestHost.Passwd);
    private static readonly IReadOnlyList<GroupEntry> _groups = UserDatabase.ParseGroup(SpecTestHost.Group);

    private static ExecUser Resolve(string spec) => UserSpecResolver.Resolve(spec, _passwd, _groups);

    [Fact]
    public void Resolve_Empty_RootFromPasswd()
    {
        var user = Resolve("");

        (user.Uid, user.Gid, user.Home).ShouldBe((0u, 0u, "/root"));
        user.SupplementaryGids.ShouldBe([10u]);
    }

    [Fact]
    public void Resolve_Name_UidGidHomeAndMemberships()
    {
        var user = Resolve("app");

        (user.Uid, user.Gid, user.Home).ShouldBe((1000u, 1000u, "/home/app"));
        user.SupplementaryGids.ShouldBe([10u, 29u]);
    }

    [Fact]
    public void Resolve_KnownUid_UsesPasswdEntry()
    {
        var user = Resolve("1000");

        (user.Uid, user.Gid, user.Home).ShouldBe((1000u, 1000u, "/home/app"));
        user.SupplementaryGids.ShouldBe([10u, 29u]);
    }

    [Fact]
    public void Resolve_UnknownUid_GidZeroHomeRoot()
    {
        var user = Resolve("4242");

        (user.Uid, user.Gid, user.Home).ShouldBe((4242u, 0u, "/"));
        user.SupplementaryGids.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("app:audio", 1000u, 29u)]
    [InlineData("app:4000", 1000u, 4000u)]
    [InlineData("4242:www-data", 4242u, 33u)]
    [InlineData("4242:4343", 4242u, 4343u)]
    [InlineData("web:0", 33u, 0u)]
    public void Resolve_UserAndGroup_ExplicitGroupNoMemberships(string spec, uint uid, uint gid)
    {
        var user = Resolve(spec);

        (user.Uid, user.Gid).ShouldBe((uid, gid));
        user.SupplementaryGids.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("ghost", "unable to find user ghost: no matching entries in passwd file")]
    [InlineData("app:ghosts", "unable to find group ghosts: no matching entries in group file")]
    [InlineData("2147483648", "out of range")]
    [InlineData("-1", "out of range")]
    public void Resolve_Unknown_Throws(string spec, string message)
    {
        Should.Throw<ContainerSpecException>(() => Resolve(spec)).Message.ShouldContain(message);
    }

    [Fact]
    public void Resolve_NoPasswdFile_NamesFailNumbersWork()
    {
        Should.Throw<ContainerSpecException>(() => UserSpecResolver.Resolve("app", null, null));
        var numeric = UserSpecResolver.Resolve("1000:1000", null, null);
        (numeric.Uid, numeric.Gid, numeric.Home).ShouldBe((1000u, 1000u, "/"));
        UserSpecResolver.Resolve("", null, null).Uid.ShouldBe(0u);
    }

    [Fact]
    public void ParsePasswd_ShortAndOddLines_Tolerated()
    {
        var entries = UserDatabase.ParsePasswd("\n  odd\nbroken:x:abc:7\n");

        entries.Count.ShouldBe(2);
        entries[0].ShouldBe(new PasswdEntry("odd", 0, 0, ""));
        entries[1].ShouldBe(new PasswdEntry("broken", 0, 7, ""));
    }
}
