namespace Crisp.Cri.Streaming.Spdy;

/// <summary>Whether writers wait for the peer's flow-control windows.</summary>
public enum SpdySendFlowControl
{
    /// <summary>
    /// Windows are always tracked, but writers wait for them only once the peer has shown that it does flow
    /// control (it sent a WINDOW_UPDATE or a SETTINGS_INITIAL_WINDOW_SIZE). moby/spdystream, which kubectl,
    /// client-go and the kubelet use, never sends either and never grants more window, so strict waiting
    /// would stall every stream after its first 64 KiB.
    /// </summary>
    Auto,

    /// <summary>Writers always wait for window (strict SPDY/3.1).</summary>
    Enforce,

    /// <summary>Writers never wait for window.</summary>
    Ignore,
}
