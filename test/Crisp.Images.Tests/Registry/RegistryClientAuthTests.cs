using System.Net;
using Crisp.Images.Credentials;
using Crisp.Images.Registry;
using Microsoft.AspNetCore.Http;
using Shouldly;

namespace Crisp.Images.Tests.Registry;

/// <summary>Token auth (token spec and its OAuth2 variant), registry tokens and Basic auth against the fake registry.</summary>
public sealed class RegistryClientAuthTests
{
    private static Platform Amd64 => new("linux", "amd64");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(FakeRegistry Registry, TestImage Image)> StartWithImageAsync(FakeAuth auth)
    {
        var registry = await FakeRegistry.StartAsync(auth);
        var image = TestImage.Create();
        registry.AddImage("library/app", image, "1.0");
        return (registry, image);
    }

    /// <summary>Resolves, reads the config and downloads every layer: one whole pull.</summary>
    private static async Task PullAsync(RegistryClient client, FakeRegistry registry, RegistryCredential? credential, string repository = "library/app:1.0")
    {
        using var dir = new TempDirectory();
        var source = registry.Source(repository);
        var resolved = await client.ResolveAsync(source, credential, Amd64, Ct);
        await client.GetBlobBytesAsync(source, credential, resolved.Config, 1 << 20, Ct);
        await Task.WhenAll(resolved.Layers.Select(l => client.DownloadBlobAsync(source, credential, l, dir.Path, null, Ct)));
    }

    [Fact]
    public async Task Pull_BearerChallenge_FetchesOneTokenWithScopeServiceAndBasicCredentials()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        registry.Account = ("alice", "pa55");
        using var client = new RegistryClient();

        await PullAsync(client, registry, RegistryCredential.Basic("alice", "pa55", "test"));

        var token = registry.TokenRequests.ShouldHaveSingleItem();
        token.Method.ShouldBe("GET");
        token.Service.ShouldBe(FakeRegistry.Service);
        token.Scopes.ShouldBe(["repository:library/app:pull"]);
        token.Authorization.ShouldBe(FakeRegistry.BasicHeader("alice", "pa55"));
        registry.Requests.Where(r => r.Path.StartsWith("/v2/library/", StringComparison.Ordinal))
            .ShouldAllBe(r => r.Authorization == "Bearer tok-1");
    }

    [Fact]
    public async Task Pull_AnonymousBearer_GetsTokenWithoutCredentials()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        using var client = new RegistryClient();

        await PullAsync(client, registry, credential: null);

        registry.TokenRequests.ShouldHaveSingleItem().Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task Pull_Twice_ReusesTokenUntilItExpires()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        registry.TokenExpiresIn = 120;
        var time = new ManualTimeProvider();
        using var client = new RegistryClient(new RegistryClientOptions { TimeProvider = time });

        await PullAsync(client, registry, null);
        await PullAsync(client, registry, null);
        registry.TokenRequests.Count.ShouldBe(1);

        time.Advance(TimeSpan.FromSeconds(119));
        await PullAsync(client, registry, null);
        registry.TokenRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Pull_ExpiresInMissingOrShort_TokenLivesSixtySeconds()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        registry.TokenExpiresIn = 5;
        var time = new ManualTimeProvider();
        using var client = new RegistryClient(new RegistryClientOptions { TimeProvider = time });

        await PullAsync(client, registry, null);
        time.Advance(TimeSpan.FromSeconds(30));
        await PullAsync(client, registry, null);
        registry.TokenRequests.Count.ShouldBe(1);

        time.Advance(TimeSpan.FromSeconds(30));
        await PullAsync(client, registry, null);
        registry.TokenRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Pull_DifferentCredentialOrRepository_GetsItsOwnToken()
    {
        var (registry, image) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        registry.AddImage("library/other", image, "1.0");
        using var client = new RegistryClient();

        await PullAsync(client, registry, null);
        await PullAsync(client, registry, RegistryCredential.Basic("bob", "b", "test"));
        await PullAsync(client, registry, null, "library/other:1.0");

        registry.TokenRequests.Select(t => (t.Authorization is not null, t.Scopes[0])).ShouldBe(
        [
            (false, "repository:library/app:pull"),
            (true, "repository:library/app:pull"),
            (false, "repository:library/other:pull"),
        ]);
    }

    [Fact]
    public async Task Pull_IdentityToken_UsesOAuth2RefreshTokenPost()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        registry.RefreshToken = "refresh-me";
        using var client = new RegistryClient();

        await PullAsync(client, registry, RegistryCredential.WithIdentityToken("<token>", "refresh-me", "test"));

        var token = registry.TokenRequests.ShouldHaveSingleItem();
        token.Method.ShouldBe("POST");
        token.GrantType.ShouldBe("refresh_token");
        token.RefreshToken.ShouldBe("refresh-me");
        token.ClientId.ShouldBe("crisp");
        token.Service.ShouldBe(FakeRegistry.Service);
        token.Scopes.ShouldBe(["repository:library/app:pull"]);
        token.Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task Pull_RegistryToken_IsSentDirectlyAsBearer()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        registry.StaticToken = "static-registry-token";
        using var client = new RegistryClient();

        await PullAsync(client, registry, RegistryCredential.WithRegistryToken("static-registry-token", "test"));

        registry.TokenRequests.ShouldBeEmpty();
        registry.Requests.Where(r => r.Path.StartsWith("/v2/library/", StringComparison.Ordinal))
            .ShouldAllBe(r => r.Authorization == "Bearer static-registry-token");
    }

    [Fact]
    public async Task Resolve_TokenServerRefusesCredentials_IsUnauthorizedWithoutLeakingSecrets()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        registry.Account = ("alice", "pa55");
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() =>
            client.ResolveAsync(registry.Source("library/app:1.0"), RegistryCredential.Basic("alice", "WRONG-secret", "test"), Amd64, Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.IsUnauthorized.ShouldBeTrue();
        error.Message.ShouldBe(
            $"unauthorized to pull library/app from {registry.Endpoint}: the token server http://{registry.Endpoint} refused Basic credential for user \"alice\" from test: incorrect username or password");
        error.Message.ShouldNotContain("WRONG-secret");
    }

    [Fact]
    public async Task Resolve_RegistryRejectsToken_RetriesOnceThenUnauthorized()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        registry.RejectTokens = true;
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/app:1.0"), null, Amd64, Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.ErrorCode.ShouldBe(RegistryErrorCodes.Unauthorized);
        error.Message.ShouldBe($"unauthorized to pull library/app from registry {registry.Endpoint}: authentication required (no credentials were given; the repository may not exist or may require authorization)");
        registry.TokenRequests.Count.ShouldBe(2);
        registry.Requests.Count(r => r.Path == "/v2/library/app/manifests/1.0").ShouldBe(2);
    }

    [Fact]
    public async Task Resolve_PingNeedsNoAuthButRepositoryDoes_LearnsChallengeAndRetries()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        registry.Intercept = async context =>
        {
            if (context.Request.Path == "/v2/")
            {
                await context.Response.WriteAsync("{}");
                return true;
            }

            return false;
        };
        using var client = new RegistryClient();

        await PullAsync(client, registry, null);

        registry.TokenRequests.Count.ShouldBe(1);
        registry.Requests.Count(r => r.Path.StartsWith("/v2/library/app/", StringComparison.Ordinal) && r.Authorization is null).ShouldBe(1);
    }

    [Fact]
    public async Task Pull_BasicChallenge_SendsBasicToRegistry()
    {
        var (registry, _) = await StartWithImageAsync(FakeAuth.Basic);
        await using var _ = registry;
        registry.Account = ("carol", "c-pass");
        using var client = new RegistryClient();

        await PullAsync(client, registry, RegistryCredential.Basic("carol", "c-pass", "test"));

        registry.Requests.Where(r => r.Path.StartsWith("/v2/library/", StringComparison.Ordinal))
            .ShouldAllBe(r => r.Authorization == FakeRegistry.BasicHeader("carol", "c-pass"));
        registry.TokenRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Pull_ConcurrentFirstRequests_ShareOneTokenFetch()
    {
        var (registry, image) = await StartWithImageAsync(FakeAuth.Bearer);
        await using var _ = registry;
        using var client = new RegistryClient(new RegistryClientOptions { MaxConcurrentDownloads = 8 });
        var source = registry.Source("library/app:1.0");
        using var dir = new TempDirectory();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.DownloadBlobAsync(source, null, image.Layers[i % 2].Descriptor, Path.Combine(dir.Path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), null, Ct)));

        registry.TokenRequests.Count.ShouldBe(1);
    }
}
