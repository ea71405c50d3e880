using System.Diagnostics;
using Crisp.Oci.Runtime;
using Crisp.Oci.Tests.Runtime.Support;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>Create failures that are not runc's: conmon refusing to start, and a runtime that never answers.</summary>
public sealed class CreateFailureTests
{
    [Fact]
    public async Task Create_ConmonRejectsItsArguments_SurfacesConmonsStderr()
    {
        await using var host = new RuntimeTestHost(options => options with { LogLevel = "bogus" });
        var id = RuntimeTestHost.NewId();
        var options = host.Prepare(id, ["true"]);

        var error = await Should.ThrowAsync<OciRuntimeException>(() => host.Runtime.CreateAsync(options, TestContext.Current.CancellationToken));

        error.Message.ShouldContain("conmon failed (exited with code 1)");
        error.Message.ShouldContain("No such log level bogus");
        (await host.RuncAsync("list", "-q")).Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_ConmonMissing_SaysSoAndLeavesNoPersistDirectory()
    {
        await using var host = new RuntimeTestHost(options => options with { ConmonPath = "/nonexistent/conmon" });
        var id = RuntimeTestHost.NewId();

        var error = await Should.ThrowAsync<OciRuntimeException>(() => host.Runtime.CreateAsync(host.Prepare(id, ["true"]), TestContext.Current.CancellationToken));

        error.Message.ShouldStartWith("cannot start conmon /nonexistent/conmon: posix_spawn");
        Directory.Exists(host.Runtime.PersistDirectory(id)).ShouldBeFalse();
    }

    [Fact]
    public async Task Create_RuntimeNeverAnswers_TimesOutAndKillsConmon()
    {
        var fake = Path.Combine(Directory.CreateTempSubdirectory("crisp-fake-runtime-").FullName, "hang");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\ncase \"$*\" in *create*) exec sleep 60;; esac\nexit 0\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using var host = new RuntimeTestHost(options => options with { RuntimePath = fake, CreateTimeout = TimeSpan.FromSeconds(2) });
            var id = RuntimeTestHost.NewId();
            var options = host.Prepare(id, ["true"]);

            var clock = Stopwatch.StartNew();
            var error = await Should.ThrowAsync<OciRuntimeException>(() => host.Runtime.CreateAsync(options, TestContext.Current.CancellationToken));

            error.Message.ShouldStartWith("create container timeout");
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
            File.Exists(Path.Combine(options.BundleDirectory, "conmon-pidfile")).ShouldBeFalse();
            Directory.EnumerateDirectories("/proc")
                .Select(dir => Path.Combine(dir, "cmdline"))
                .Where(File.Exists)
                .Select(path =>
                {
                    try
                    {
                        return File.ReadAllText(path);
                    }
                    catch (IOException)
                    {
                        return "";
                    }
                })
                .Where(cmdline => cmdline.Contains(options.BundleDirectory, StringComparison.Ordinal))
                .ShouldBeEmpty("conmon was killed, and runtime create with it (conmon sets PDEATHSIG on it)");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(fake)!, recursive: true);
        }
    }
}
