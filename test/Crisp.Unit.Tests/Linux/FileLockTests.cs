using Crisp.Linux;
using Shouldly;

namespace Crisp.Unit.Tests.Linux;

public sealed class FileLockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-unit-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void TryAcquire_WhileHeld_ReturnsNullAndHolderIsUs()
    {
        var path = Path.Combine(_dir.FullName, "sub", "x.lock");
        using var first = FileLock.TryAcquire(path);

        first.ShouldNotBeNull();
        FileLock.TryAcquire(path).ShouldBeNull();
        FileLock.ReadHolder(path).ShouldBe(Environment.ProcessId);
    }

    [Fact]
    public void TryAcquire_AfterRelease_Succeeds()
    {
        var path = Path.Combine(_dir.FullName, "x.lock");
        FileLock.TryAcquire(path)!.Dispose();

        using var again = FileLock.TryAcquire(path);

        again.ShouldNotBeNull();
    }
}
