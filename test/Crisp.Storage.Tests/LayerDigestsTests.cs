using Shouldly;
using Xunit;

namespace Crisp.Storage.Tests;

public sealed class LayerDigestsTests
{
    // The diff_ids of the OCI image-spec's config example; chain IDs computed independently with
    // `printf '%s' "$parent $diff" | sha256sum`.
    private const string DiffA = "sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1";
    private const string DiffB = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    private const string ChainAB = "sha256:c3191d32a37d7159b2e30830937d2e30268ad6c375a773a8994911a3aba9b93f";
    private const string ChainABA = "sha256:ce60e381e7c2941cc3c11bc7a60b267bb56a3be80df231da8c523c53af72518b";

    [Fact]
    public void ChainId_BaseLayer_IsItsDiffId() => LayerDigests.ChainId(null, DiffA).ShouldBe(DiffA);

    [Fact]
    public void ChainId_KnownVector() => LayerDigests.ChainId(DiffA, DiffB).ShouldBe(ChainAB);

    [Fact]
    public void ChainIds_WholeStack_MatchesTheKnownVector() =>
        LayerDigests.ChainIds([DiffA, DiffB, DiffA]).ShouldBe([DiffA, ChainAB, ChainABA]);

    [Theory]
    [InlineData("c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1")]
    [InlineData("sha256:C6F988F4874BB0ADD23A778F753C65EFE992244E148A1D2EC2A8B664FB66BBD1")]
    [InlineData("sha256:c6f9")]
    [InlineData("md5:c6f988f4874bb0add23a778f753c65ef")]
    public void Validate_Malformed_Throws(string digest) => Should.Throw<ArgumentException>(() => LayerDigests.Validate(digest));

    [Fact]
    public void Hex_StripsTheAlgorithm() => LayerDigests.Hex(DiffA).ShouldBe(DiffA[7..]);
}
