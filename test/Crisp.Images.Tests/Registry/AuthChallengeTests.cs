using Crisp.Images.Registry;
using Shouldly;

namespace Crisp.Images.Tests.Registry;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Parse_DockerHubBearer_ReadsRealmServiceAndScopeWithComma()
    {
        var challenges = AuthChallenge.Parse(
            ["Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\""]);

        var bearer = challenges.ShouldHaveSingleItem();
        bearer.IsBearer.ShouldBeTrue();
        bearer["realm"].ShouldBe("https://auth.docker.io/token");
        bearer["service"].ShouldBe("registry.docker.io");
        bearer["scope"].ShouldBe("repository:samalba/my-app:pull,push");
    }

    [Fact]
    public void Parse_SeveralChallengesInOneHeader_SplitsThemAndPrefersBearer()
    {
        var challenges = AuthChallenge.Parse(["Basic realm=\"basic, realm\" , Bearer  REALM = \"https://t/token\" , service=svc"]);

        challenges.Select(c => c.Scheme).ShouldBe(["Basic", "Bearer"]);
        challenges[0]["realm"].ShouldBe("basic, realm");
        challenges[1]["realm"].ShouldBe("https://t/token");
        challenges[1]["service"].ShouldBe("svc");
        AuthChallenge.Preferred(challenges)!.IsBearer.ShouldBeTrue();
    }

    [Fact]
    public void Parse_SeparateHeaderValuesAndEscapes_AreAllRead()
    {
        var challenges = AuthChallenge.Parse(["Negotiate", "basic realm=\"say \\\"hi\\\"\"", "Negotiate abc123=="]);

        challenges.Select(c => c.Scheme).ShouldBe(["Negotiate", "basic", "Negotiate"]);
        challenges[1].IsBasic.ShouldBeTrue();
        challenges[1]["realm"].ShouldBe("say \"hi\"");
        AuthChallenge.Preferred(challenges)!.IsBasic.ShouldBeTrue();
    }

    [Fact]
    public void Parse_Garbage_DoesNotLoopOrThrow()
    {
        AuthChallenge.Parse(["", ",,,", "=", "Bearer realm=", "Bearer realm=\"unterminated"]).Select(c => c.Scheme).ShouldBe(["Bearer", "Bearer"]);
        AuthChallenge.Preferred([]).ShouldBeNull();
    }
}
