using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Crisp.IntegrationTests.Harness.Pods;
using Runtime.V1;

namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>The Exec, Attach and PortForward RPCs, returning the streaming URL.</summary>
public static class StreamingRpcs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<string> ExecUrlAsync(this PodTestHost host, string containerId, RemoteCommandOptions streams, params string[] command)
    {
        var request = new ExecRequest { ContainerId = containerId, Stdin = streams.Stdin, Stdout = streams.Stdout, Stderr = streams.Stderr, Tty = streams.Tty };
        request.Cmd.AddRange(command);
        return (await host.Runtime.ExecAsync(request, cancellationToken: Ct)).Url;
    }

    public static async Task<string> AttachUrlAsync(this PodTestHost host, string containerId, RemoteCommandOptions streams) =>
        (await host.Runtime.AttachAsync(
            new AttachRequest { ContainerId = containerId, Stdin = streams.Stdin, Stdout = streams.Stdout, Stderr = streams.Stderr, Tty = streams.Tty },
            cancellationToken: Ct)).Url;

    public static async Task<string> PortForwardUrlAsync(this PodTestHost host, string podId, params int[] ports)
    {
        var request = new PortForwardRequest { PodSandboxId = podId };
        request.Port.AddRange(ports);
        return (await host.Runtime.PortForwardAsync(request, cancellationToken: Ct)).Url;
    }
}

/// <summary>The Kubernetes Status object of the v4/v5 error stream.</summary>
public sealed record K8sStatus(string Status, string? Reason, string? Message, string? ExitCode)
{
    public static K8sStatus Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string? exitCode = null;
        if (root.TryGetProperty("details", out var details) && details.TryGetProperty("causes", out var causes))
        {
            exitCode = causes.EnumerateArray()
                .Where(c => c.GetProperty("reason").GetString() == "ExitCode")
                .Select(c => c.GetProperty("message").GetString())
                .FirstOrDefault();
        }

        return new K8sStatus(
            root.GetProperty("status").GetString()!,
            root.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
            root.TryGetProperty("message", out var message) ? message.GetString() : null,
            exitCode);
    }
}

/// <summary>Port-forward channels over a WebSocket: each starts with the port, 2 bytes little-endian.</summary>
public static class WebSocketPortForwardChannels
{
    /// <summary>The port a channel started with.</summary>
    public static int Port(StreamOutput channel)
    {
        var bytes = channel.Bytes;
        return bytes.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : -1;
    }

    /// <summary>What the channel carried after its port prefix.</summary>
    public static string Payload(StreamOutput channel)
    {
        var bytes = channel.Bytes;
        return bytes.Length <= 2 ? "" : Encoding.UTF8.GetString(bytes, 2, bytes.Length - 2);
    }
}
