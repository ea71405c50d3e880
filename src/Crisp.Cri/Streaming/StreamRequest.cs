namespace Crisp.Cri.Streaming;

/// <summary>What an Exec, Attach or PortForward RPC asked for, kept behind a token until the client connects.</summary>
public abstract record StreamRequest;

/// <summary>An Exec: the command to run in the container and which streams the client wants.</summary>
public sealed record ExecStreamRequest(string ContainerId, IReadOnlyList<string> Command, bool Tty, bool Stdin, bool Stdout, bool Stderr) : StreamRequest;

/// <summary>An Attach to the container's main process.</summary>
public sealed record AttachStreamRequest(string ContainerId, bool Tty, bool Stdin, bool Stdout, bool Stderr) : StreamRequest;

/// <summary>A PortForward into the pod's network namespace; the ports may also come with the connection.</summary>
public sealed record PortForwardStreamRequest(string SandboxId, IReadOnlyList<int> Ports) : StreamRequest;
