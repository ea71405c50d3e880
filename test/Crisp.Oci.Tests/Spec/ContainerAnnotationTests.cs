using Crisp.Oci.Spec;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class ContainerAnnotationTests : IDisposable
{
    private readonly SpecTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private IReadOnlyDictionary<string, string> Build(string extra = "") =>
        _host.ContainerBuilder().Build(_host.Input(SpecTestHost.BasicContainer(extra))).Annotations!;

    [Fact]
    public void Build_KubernetesAndContainerdKeys_Set()
    {
        var annotations = Build();

        annotations[CrispAnnotations.KubernetesContainerName].ShouldBe("nginx");
        annotations[CrispAnnotations.KubernetesPodName].ShouldBe("nginx");
        annotations[CrispAnnotations.KubernetesPodNamespace].ShouldBe("default");
        annotations[CrispAnnotations.KubernetesPodUid].ShouldBe("uid-1");
        annotations[CrispAnnotations.KubernetesRestartCount].ShouldBe("1");
        annotations["io.kubernetes.cri.container-type"].ShouldBe("container");
        annotations["io.kubernetes.cri.sandbox-id"].ShouldBe("sb1234");
        annotations["io.kubernetes.cri.sandbox-name"].ShouldBe("nginx");
        annotations["io.kubernetes.cri.sandbox-namespace"].ShouldBe("default");
        annotations["io.kubernetes.cri.sandbox-uid"].ShouldBe("uid-1");
        annotations["io.kubernetes.cri.container-name"].ShouldBe("nginx");
        annotations["io.kubernetes.cri.image-name"].ShouldBe("docker.io/library/nginx:1.27");
    }

    [Fact]
    public void Build_CrispKeys_Set()
    {
        var annotations = Build(""", "tty": true""");

        annotations["io.crisp.ContainerID"].ShouldBe("ctr5678");
        annotations["io.crisp.ContainerName"].ShouldBe("k8s_nginx_nginx_default_uid-1_0");
        annotations["io.crisp.ContainerType"].ShouldBe("container");
        annotations["io.crisp.SandboxID"].ShouldBe("sb1234");
        annotations["io.crisp.SandboxName"].ShouldBe("k8s_POD_nginx_default_uid-1_0");
        annotations["io.crisp.LogPath"].ShouldBe("/var/log/pods/default_nginx_uid-1/nginx/1.log");
        annotations["io.crisp.Image"].ShouldBe("docker.io/library/nginx:1.27");
        annotations["io.crisp.ImageName"].ShouldBe("docker.io/library/nginx:1.27");
        annotations["io.crisp.ImageRef"].ShouldBe("sha256:feedface");
        annotations["io.crisp.Created"].ShouldBe("2026-11-02T10:20:30.123Z");
        annotations["io.crisp.TTY"].ShouldBe("true");
        annotations["io.crisp.Stdin"].ShouldBe("false");
        annotations["io.crisp.MountPoint"].ShouldBe(_host.Rootfs);
        annotations["io.crisp.SeccompProfilePath"].ShouldBe("RuntimeDefault");
        annotations["io.crisp.Metadata"].ShouldBe("""{"name":"nginx","attempt":1}""");
        annotations["io.crisp.Labels"].ShouldBe(
            """{"io.kubernetes.container.name":"nginx","io.kubernetes.pod.name":"nginx","io.kubernetes.pod.namespace":"default","io.kubernetes.pod.uid":"uid-1"}""");
        annotations["io.crisp.Annotations"].ShouldBe("""{"io.kubernetes.container.hash":"abc123","io.kubernetes.container.restartCount":"1"}""");
        annotations["io.container.manager"].ShouldBe("crisp");
        annotations["org.opencontainers.image.stopSignal"].ShouldBe("SIGQUIT");
    }

    [Fact]
    public void Build_CriLabelsAndAnnotations_PassedThrough()
    {
        var annotations = Build();

        annotations["io.kubernetes.container.hash"].ShouldBe("abc123");
    }

    [Fact]
    public void Build_HostileKeys_SkippedAndCrispKeysNotForgeable()
    {
        var annotations = Build("""
            , "annotations": {
                "io.crisp.ContainerID": "forged",
                "bad key with spaces": "x",
                "-leading-dash": "x",
                "Upper.Case/name": "x",
                "example.com/ok": "fine",
                "new\nline": "x"
            }
            """);

        annotations["io.crisp.ContainerID"].ShouldBe("ctr5678");
        annotations["example.com/ok"].ShouldBe("fine");
        annotations.Keys.ShouldNotContain("bad key with spaces");
        annotations.Keys.ShouldNotContain("-leading-dash");
        annotations.Keys.ShouldNotContain("Upper.Case/name");
        annotations.Keys.ShouldNotContain("new\nline");
    }

    [Fact]
    public void Build_CriStopSignal_WinsOverImage()
    {
        Build(""", "stop_signal": "SIGNAL_SIGTERM" """)["org.opencontainers.image.stopSignal"].ShouldBe("SIGTERM");
    }
}
