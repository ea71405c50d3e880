using System.Text;
using Crisp.Linux;
using Crisp.Storage.Tests.Support;
using Shouldly;
using Xunit;

namespace Crisp.Storage.Tests;

/// <summary>The Crisp.Linux wrappers the store is built on.</summary>
public sealed class FileSystemCallsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FileTreeRemove_RemovesNonUtf8NamesAndDoesNotFollowSymlinks()
    {
        var outside = _temp.Create("outside");
        File.WriteAllText(Path.Combine(outside, "precious"), "keep");
        var tree = _temp.Create("tree", "sub");
        using (var handle = FileSystemCalls.OpenDirectory(tree))
        {
            using var file = FileSystemCalls.CreateFileAt(handle, [0xFF, 0xFE], 0x1A4);
            FileSystemCalls.SymlinkAt(Encoding.UTF8.GetBytes(outside), handle, "link"u8);
        }

        FileTree.Remove(_temp.Combine("tree"));

        Directory.Exists(_temp.Combine("tree")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(outside, "precious")).ShouldBe("keep");
    }

    [Fact]
    public void OpenBeneath_RefusesSymlinksAndDotDot()
    {
        var root = _temp.Create("root");
        Directory.CreateDirectory(Path.Combine(root, "real"));
        File.CreateSymbolicLink(Path.Combine(root, "link"), Path.Combine(root, "real"));
        using var handle = FileSystemCalls.OpenDirectory(root);

        using (FileSystemCalls.OpenBeneath(handle, "real"u8, directory: true))
        {
        }

        Should.Throw<SystemCallException>(() => FileSystemCalls.OpenBeneath(handle, "link"u8, directory: true)).Errno.ShouldBe(Errno.ELoop);
        Should.Throw<SystemCallException>(() => FileSystemCalls.OpenBeneath(handle, "../root"u8, directory: true)).Errno.ShouldBe(Errno.EXDev);
    }

    [Fact]
    public void CurrentDirectory_ResolvesRelativeNames()
    {
        FileSystemCalls.TryStatAt(FileSystemCalls.CurrentDirectory, Encoding.UTF8.GetBytes(_temp.Path), out var status).ShouldBeTrue();
        status.Kind.ShouldBe(FileKind.Directory);
        FileSystemCalls.TryLStat(_temp.Combine("missing"), out _).ShouldBeFalse();
    }

    [Fact]
    public void DirectoryEntries_ReportNamesAndKinds()
    {
        var directory = _temp.Create("entries");
        File.WriteAllText(Path.Combine(directory, "file"), "");
        Directory.CreateDirectory(Path.Combine(directory, "dir"));
        File.CreateSymbolicLink(Path.Combine(directory, "link"), "file");
        using var handle = FileSystemCalls.OpenDirectory(directory, readable: true);

        var entries = DirectoryEntries.Read(handle).ToDictionary(e => Encoding.UTF8.GetString(e.Name), e => e.Kind);

        entries.ShouldBe(new Dictionary<string, FileKind?> { ["file"] = FileKind.Regular, ["dir"] = FileKind.Directory, ["link"] = FileKind.Symlink }, ignoreOrder: true);
    }

    [Fact]
    public void FileSystemContext_ErrorsCarryTheKernelLog()
    {
        using var context = FileSystemContext.Open("overlay");

        var error = Should.Throw<SystemCallException>(() => context.SetString("lowerdir+", _temp.Combine("does-not-exist")));

        error.Errno.ShouldBe(Errno.ENoEnt);
    }
}
