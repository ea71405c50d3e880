namespace Crisp.Oci.Runtime;

/// <summary>
/// The stream a packet from conmon's attach socket belongs to: its first byte, conmon's <c>stdpipe_t</c>
/// (utils.h: NO_PIPE 0, STDIN_PIPE 1, STDOUT_PIPE 2, STDERR_PIPE 3). A terminal's output is stdout.
/// </summary>
public enum AttachStreamKind : byte
{
    Stdout = 2,
    Stderr = 3,
}

/// <summary>One chunk of a container's output, as conmon forwarded it (at most 8192 bytes).</summary>
public readonly record struct AttachOutput(AttachStreamKind Stream, ReadOnlyMemory<byte> Data);
