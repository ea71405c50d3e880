using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Host;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class ScopedPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("crisp-scoped-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Resolve_PlainPath_JoinedUnderRoot()
    {
        ScopedPath.Resolve(_root, "/etc/passwd").ShouldBe(_root + "/etc/passwd");
    }

    [Fact]
    public void Resolve_DotDotBeyondRoot_StopsAtRoot()
    {
        ScopedPath.Resolve(_root, "/../../../etc/shadow").ShouldBe(_root + "/etc/shadow");
    }

    [Fact]
    public void Resolve_AbsoluteSymlink_ReRootedInsideRoot()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.CreateSymbolicLink(Path.Combine(_root, "etc", "passwd"), "/etc/shadow");

        ScopedPath.Resolve(_root, "/etc/passwd").ShouldBe(_root + "/etc/shadow");
    }

    [Fact]
    public void Resolve_RelativeSymlinkEscaping_ClampedAtRoot()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.CreateSymbolicLink(Path.Combine(_root, "etc", "passwd"), "../../../../etc/real-passwd");

        ScopedPath.Resolve(_root, "etc/passwd").ShouldBe(_root + "/etc/real-passwd");
    }

    [Fact]
    public void Resolve_SymlinkedDirectory_FollowedInside()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        File.CreateSymbolicLink(Path.Combine(_root, "etc"), "real");

        ScopedPath.Resolve(_root, "/etc/group").ShouldBe(_root + "/real/group");
    }

    [Fact]
    public void Resolve_SymlinkLoop_Throws()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(_root, "b"), "a");

        Should.Throw<IOException>(() => ScopedPath.Resolve(_root, "/a"));
    }

    [Fact]
    public void ReadText_Missing_Null()
    {
        ContainedFile.ReadText(_root, "/etc/passwd").ShouldBeNull();
    }

    [Fact]
    public void ReadText_Directory_Throws()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc", "passwd"));

        Should.Throw<ContainerSpecException>(() => ContainedFile.ReadText(_root, "/etc/passwd")).Message.ShouldContain("not a regular file");
    }
}
