using Crisp.Core.State;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

public sealed class NameRegistryTests
{
    [Fact]
    public void Reserve_FreeName_TakenForTheId()
    {
        var names = new NameRegistry();

        var reservation = names.Reserve("k8s_a_ns_uid_1", "id1");

        reservation.ShouldBe(NameReservation.Taken("id1"));
        names.HolderOf("k8s_a_ns_uid_1").ShouldBe("id1");
    }

    [Fact]
    public void Reserve_WhileFirstCreateInFlight_ThrowsNamingTheHolder()
    {
        var names = new NameRegistry();
        names.Reserve("k8s_a_ns_uid_1", "id1");

        var error = Should.Throw<NameReservedException>(() => names.Reserve("k8s_a_ns_uid_1", "id2"));

        error.Message.ShouldBe("name \"k8s_a_ns_uid_1\" is reserved for \"id1\"");
        error.HolderId.ShouldBe("id1");
    }

    [Fact]
    public void Reserve_AfterFirstCreateCompleted_ReturnsTheExistingId()
    {
        var names = new NameRegistry();
        names.Reserve("k8s_a_ns_uid_1", "id1");
        names.Complete("k8s_a_ns_uid_1", "id1");

        var retry = names.Reserve("k8s_a_ns_uid_1", "id2");

        retry.Reserved.ShouldBeFalse();
        retry.Id.ShouldBe("id1");
        names.HolderOf("k8s_a_ns_uid_1").ShouldBe("id1");
    }

    [Fact]
    public void Release_ByTheHolder_FreesTheName_ByAnotherIdDoesNot()
    {
        var names = new NameRegistry();
        names.Reserve("n", "id1");

        names.Release("n", "id2").ShouldBeFalse();
        names.HolderOf("n").ShouldBe("id1");
        names.Release("n", "id1").ShouldBeTrue();

        names.HolderOf("n").ShouldBeNull();
        names.Reserve("n", "id3").ShouldBe(NameReservation.Taken("id3"));
    }

    [Fact]
    public void Restore_MarksTheNameCompleted()
    {
        var names = new NameRegistry();
        names.Restore("n", "id1");

        names.Reserve("n", "id2").ShouldBe(NameReservation.Existing("id1"));
    }

    [Fact]
    public void Reserve_ConcurrentCreatesOfOneName_ExactlyOneWins()
    {
        var names = new NameRegistry();
        var winners = 0;
        var refused = 0;

        Parallel.For(0, 64, i =>
        {
            try
            {
                names.Reserve("n", $"id{i}");
                Interlocked.Increment(ref winners);
            }
            catch (NameReservedException)
            {
                Interlocked.Increment(ref refused);
            }
        });

        winners.ShouldBe(1);
        refused.ShouldBe(63);
    }
}
