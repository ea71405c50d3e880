using Crisp.Oci.Spec;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class ContainerProcessTests : IDisposable
{
    private readonly SpecTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Crisp.Oci.Spec.Model.RuntimeSpec Build(string extra = "", string? imageUser = null, string? workingDir = null) =>
        _host.ContainerBuilder().Build(_host.Input(SpecTestHost.BasicContainer(extra), image: SpecTestHost.Image(imageUser, workingDir)));

    [Fact]
    public void Build_NoCommandOrArgs_UsesImageEntrypointAndCmd()
    {
        Build().Process!.Args.ShouldBe(["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]);
    }

    [Fact]
    public void Build_CommandGiven_ReplacesEntrypointAndIgnoresImageCmd()
    {
        Build(""", "command": ["/bin/sh", "-c"]""").Process!.Args.ShouldBe(["/bin/sh", "-c"]);
    }

    [Fact]
    public void Build_CommandAndArgs_RunsCommandWithArgs()
    {
        Build(""", "command": ["/bin/sh"], "args": ["-c", "sleep 1"]""").Process!.Args.ShouldBe(["/bin/sh", "-c", "sleep 1"]);
    }

    [Fact]
    public void Build_ArgsOnly_KeepEntrypointReplaceCmd()
    {
        Build(""", "args": ["nginx-debug"]""").Process!.Args.ShouldBe(["/docker-entrypoint.sh", "nginx-debug"]);
    }

    [Fact]
    public void Build_NothingToRun_Throws()
    {
        var input = _host.Input(SpecTestHost.BasicContainer(), image: Crisp.Oci.Spec.Images.ImageConfig.Parse("""{"config":{}}"""));

        var error = Should.Throw<ContainerSpecException>(() => _host.ContainerBuilder().Build(input));

        error.Message.ShouldContain("no command specified");
    }

    [Fact]
    public void Build_Env_ImageThenDefaultEnvOverriddenByImageThenCriWins()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { DefaultEnv = ["NGINX_VERSION=from-conf", "NODE=worker-1"] } };
        var config = SpecTestHost.BasicContainer();
        config.Envs.Add(SpecTestHost.Env("PATH", "/custom/bin"));
        config.Envs.Add(SpecTestHost.Env("GREETING", "héllo=world"));

        var env = _host.ContainerBuilder().Build(_host.Input(config)).Process!.Env!;

        env.ShouldBe(
        [
            "PATH=/custom/bin",
            "NGINX_VERSION=1.27.0",
            "NODE=worker-1",
            "GREETING=héllo=world",
            "HOSTNAME=nginx",
            "HOME=/root",
        ]);
    }

    [Fact]
    public void Build_Tty_SetsTerminalAndTerm()
    {
        var process = Build(""", "tty": true, "stdin": true""").Process!;

        process.Terminal.ShouldBeTrue();
        process.Env!.ShouldContain("TERM=xterm");
    }

    [Fact]
    public void Build_NoTty_NoTermVariable()
    {
        Build().Process!.Env!.ShouldNotContain(e => e.StartsWith("TERM=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", null, "/")]
    [InlineData("", "/usr/share/nginx", "/usr/share/nginx")]
    [InlineData(""", "working_dir": "/srv" """, "/usr/share/nginx", "/srv")]
    public void Build_WorkingDirectory_CriThenImageThenRoot(string extra, string? imageDir, string expected)
    {
        Build(extra, workingDir: imageDir).Process!.Cwd.ShouldBe(expected);
    }

    [Fact]
    public void Build_RelativeWorkingDirectory_Throws()
    {
        Should.Throw<ContainerSpecException>(() => Build(""", "working_dir": "srv" """)).Message.ShouldContain("not an absolute path");
    }

    [Fact]
    public void Build_NoUserAnywhere_RunsAsRootWithRootGroups()
    {
        var user = Build().Process!.User;

        user.Uid.ShouldBe(0u);
        user.Gid.ShouldBe(0u);
        user.AdditionalGids.ShouldBe([0u, 10u]);
    }

    [Fact]
    public void Build_ImageUserName_ResolvedFromRootfsPasswdAndGroups()
    {
        var process = Build(imageUser: "app").Process!;

        process.User.Uid.ShouldBe(1000u);
        process.User.Gid.ShouldBe(1000u);
        process.User.AdditionalGids.ShouldBe([1000u, 10u, 29u]);
        process.Env!.ShouldContain("HOME=/home/app");
    }

    [Fact]
    public void Build_ImageUserWithGroupName_UsesThatGroupAndNoMembershipGroups()
    {
        var user = Build(imageUser: "app:www-data").Process!.User;

        user.Uid.ShouldBe(1000u);
        user.Gid.ShouldBe(33u);
        user.AdditionalGids.ShouldBe([33u]);
    }

    [Fact]
    public void Build_RunAsUserOverridesImageUser()
    {
        var process = Build(""", "linux": { "security_context": { "namespace_options": { "pid": "CONTAINER" }, "run_as_user": { "value": 33 } } }""", imageUser: "app").Process!;

        process.User.Uid.ShouldBe(33u);
        process.User.Gid.ShouldBe(33u);
        process.Env!.ShouldContain("HOME=/var/www");
    }

    [Fact]
    public void Build_UnknownNumericUid_AllowedWithGidZeroAndHomeRoot()
    {
        var process = Build(""", "linux": { "security_context": { "namespace_options": { "pid": "CONTAINER" }, "run_as_user": { "value": 4242 } } }""").Process!;

        process.User.Uid.ShouldBe(4242u);
        process.User.Gid.ShouldBe(0u);
        process.Env!.ShouldContain("HOME=/");
    }

    [Fact]
    public void Build_RunAsUsernameUnknown_ThrowsNamingUser()
    {
        var error = Should.Throw<ContainerSpecException>(() =>
            Build(""", "linux": { "security_context": { "namespace_options": { "pid": "CONTAINER" }, "run_as_username": "ghost" } }"""));

        error.Message.ShouldBe("unable to find user ghost: no matching entries in passwd file");
    }

    [Fact]
    public void Build_RunAsGroupAndSupplementalGroups_Merged()
    {
        var user = Build(""", "linux": { "security_context": { "namespace_options": { "pid": "CONTAINER" }, "run_as_user": { "value": 1000 }, "run_as_group": { "value": 3000 }, "supplemental_groups": [4000, 10] } }""").Process!.User;

        user.Uid.ShouldBe(1000u);
        user.Gid.ShouldBe(3000u);
        user.AdditionalGids.ShouldBe([3000u, 10u, 29u, 4000u]);
    }

    [Fact]
    public void Build_StrictSupplementalGroupsPolicy_SkipsPasswdMembership()
    {
        var user = Build(""", "linux": { "security_context": { "namespace_options": { "pid": "CONTAINER" }, "run_as_user": { "value": 1000 }, "supplemental_groups": [4000], "supplemental_groups_policy": "Strict" } }""").Process!.User;

        user.AdditionalGids.ShouldBe([1000u, 4000u]);
    }

    [Fact]
    public void Build_RunAsGroupWithoutUser_Throws()
    {
        var error = Should.Throw<ContainerSpecException>(() =>
            Build(""", "linux": { "security_context": { "namespace_options": { "pid": "CONTAINER" }, "run_as_group": { "value": 5 } } }"""));

        error.Message.ShouldContain("run_as_group is set without run_as_user");
    }

    [Fact]
    public void Build_PasswdSymlinkedOutOfRootfs_ReadsInsideRootfsOnly()
    {
        var passwd = Path.Combine(_host.Rootfs, "etc", "passwd");
        File.Delete(passwd);
        Directory.CreateDirectory(Path.Combine(_host.Rootfs, "inner"));
        File.WriteAllText(Path.Combine(_host.Rootfs, "inner", "passwd"), "root:x:0:0::/inner-root:/bin/sh\nhacker:x:7777:7777::/h:/bin/sh\n");
        _host.WriteFile("outside/passwd", "evil:x:1:1::/evil:/bin/sh\n");
        File.CreateSymbolicLink(passwd, "/inner/passwd");

        var process = Build(imageUser: "hacker").Process!;

        process.User.Uid.ShouldBe(7777u);
        process.Env!.ShouldContain("HOME=/h");
    }

    [Fact]
    public void Build_PasswdIsFifo_Throws()
    {
        var passwd = Path.Combine(_host.Rootfs, "etc", "passwd");
        File.Delete(passwd);
        Crisp.Linux.FileSystemCalls.MakeNodeAt(
            Crisp.Linux.FileSystemCalls.CurrentDirectory, System.Text.Encoding.UTF8.GetBytes(passwd), 0x1000 | 0x1A4, 0, 0);

        Should.Throw<ContainerSpecException>(() => Build()).Message.ShouldContain("not a regular file");
    }

    [Fact]
    public void Build_OomScoreAdjBelowHostMinimum_Clamped()
    {
        var spec = Build(""", "linux": { "resources": { "oom_score_adj": -997 }, "security_context": { "namespace_options": { "pid": "CONTAINER" } } }""");

        spec.Process!.OomScoreAdj.ShouldBe(0);
    }

    [Fact]
    public void Build_OomScoreAdjAboveMinimum_Kept()
    {
        _host.Facts = _host.Facts with { MinimumOomScoreAdj = -1000 };

        var spec = Build(""", "linux": { "resources": { "oom_score_adj": -997 }, "security_context": { "namespace_options": { "pid": "CONTAINER" } } }""");

        spec.Process!.OomScoreAdj.ShouldBe(-997);
    }

    [Fact]
    public void Build_DefaultUlimits_BecomeRlimits()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { DefaultUlimits = ["nofile=1024:2048", "nproc=-1"] } };

        var rlimits = Build().Process!.Rlimits!;

        rlimits.Count.ShouldBe(2);
        rlimits[0].ShouldBe(new Crisp.Oci.Spec.Model.PosixRlimit { Type = "RLIMIT_NOFILE", Soft = 1024, Hard = 2048 });
        rlimits[1].ShouldBe(new Crisp.Oci.Spec.Model.PosixRlimit { Type = "RLIMIT_NPROC", Soft = ulong.MaxValue, Hard = ulong.MaxValue });
    }
}
