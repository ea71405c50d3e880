using System.Text.Json;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.IntegrationTests.Harness.Registry;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary><c>crisp ctl</c> as a process against the real daemon: version, info, imagefsinfo, pull, images, inspecti, rmi.</summary>
public sealed class CtlImageTests
{
    [Fact]
    public async Task VersionInfoAndImages_PullListInspectRemove_PrintAsCrictl()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();

        var version = await CrispCtl.OkAsync(host, "version");
        version.ShouldContain("RuntimeName:  crisp");
        version.ShouldContain("RuntimeApiVersion:  v1");
        using (var info = JsonDocument.Parse(await CrispCtl.OkAsync(host, "info")))
        {
            info.RootElement.GetProperty("status").GetProperty("conditions").GetArrayLength().ShouldBeGreaterThan(0);
        }

        using (var fs = JsonDocument.Parse(await CrispCtl.OkAsync(host, "imagefsinfo")))
        {
            fs.RootElement.GetProperty("imageFilesystems").GetArrayLength().ShouldBeGreaterThan(0);
        }

        var pushed = await host.Registry!.PushAsync(TestImages.Busybox, RepositoryNames.Unique(), "v1", TestContext.Current.CancellationToken);
        (await CrispCtl.OkAsync(host, "pull", pushed.Reference)).ShouldStartWith("Image is up to date for ");
        var status = await host.Daemon.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = pushed.Reference } }, cancellationToken: TestContext.Current.CancellationToken);
        var imageId = status.Image.Id;
        var bareId = imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId["sha256:".Length..] : imageId;
        var shortId = bareId[..13];

        var tableText = await CrispCtl.OkAsync(host, "images");
        var table = tableText.Split('\n');
        table[0].ShouldMatch("^IMAGE +TAG +IMAGE ID +SIZE$");
        table.ShouldContain(l => l.StartsWith(pushed.Name + " ", StringComparison.Ordinal) && l.Contains(" v1 ", StringComparison.Ordinal) && l.Contains(shortId, StringComparison.Ordinal), tableText);
        (await CrispCtl.OkAsync(host, "images", "--digests")).Split('\n')[0].ShouldMatch("^IMAGE +TAG +DIGEST +IMAGE ID +SIZE$");
        (await CrispCtl.OkAsync(host, "img", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldContain(imageId);
        using (var json = JsonDocument.Parse(await CrispCtl.OkAsync(host, "images", "-o", "json")))
        {
            json.RootElement.GetProperty("images").EnumerateArray()
                .SelectMany(i => i.GetProperty("repoTags").EnumerateArray().Select(t => t.GetString()))
                .ShouldContain(pushed.Reference);
        }

        (await CrispCtl.OkAsync(host, "images", "-o", "yaml")).ShouldContain("- " + pushed.Reference);
        (await CrispCtl.OkAsync(host, "images", "-q", pushed.Name)).Trim().ShouldBe(imageId);

        using (var inspect = JsonDocument.Parse(await CrispCtl.OkAsync(host, "inspecti", pushed.Reference)))
        {
            inspect.RootElement.GetProperty("status").GetProperty("id").GetString().ShouldBe(imageId);
        }

        using (var byPrefix = JsonDocument.Parse(await CrispCtl.OkAsync(host, "inspecti", bareId[..12])))
        {
            byPrefix.RootElement.GetProperty("status").GetProperty("id").GetString().ShouldBe(imageId);
        }

        var missing = await CrispCtl.RunAsync(host, "inspecti", "no-such-image:1");
        missing.ExitCode.ShouldBe(1);
        missing.StandardError.Trim().ShouldBe("crisp ctl: no such image \"no-such-image:1\" present");

        var removed = await CrispCtl.OkAsync(host, "rmi", pushed.Reference);
        removed.ShouldContain($"Deleted: {pushed.Reference}");
        (await CrispCtl.OkAsync(host, "images", "-q")).ShouldNotContain(imageId);
    }

    [Fact]
    public async Task Pull_FromABasicAuthRegistry_NeedsCredsOrAuth()
    {
        var registries = await SharedRegistries.CurrentAsync();
        var registry = await registries.BasicAuthAsync(TestContext.Current.CancellationToken);
        var pushed = await registry.PushAsync(TestImages.Busybox, RepositoryNames.Unique(), "auth", TestContext.Current.CancellationToken);
        await using var host = await PodTestHost.StartWithBusyboxAsync(files => File.AppendAllText(files.RegistriesConf, $"""


            [[registry]]
            location = "{registry.Host}"
            insecure = true
            """));
        var credentials = RegistryCredentials.Default;

        var anonymous = await CrispCtl.RunAsync(host, "pull", pushed.Reference);
        anonymous.ExitCode.ShouldBe(1, anonymous.ToString());
        anonymous.StandardError.Trim().ShouldStartWith("crisp ctl: rpc error: code = ");
        anonymous.StandardError.Trim().Split('\n').Length.ShouldBe(1);

        (await CrispCtl.OkAsync(host, "pull", "--creds", $"{credentials.Username}:{credentials.Password}", pushed.Reference)).ShouldStartWith("Image is up to date for ");
        await CrispCtl.OkAsync(host, "rmi", pushed.Reference);
        (await CrispCtl.OkAsync(host, "pull", "--auth", credentials.Base64, pushed.Reference)).ShouldStartWith("Image is up to date for ");
        (await CrispCtl.OkAsync(host, "images", "-q", pushed.Name)).Trim().ShouldNotBeEmpty();
    }
}
