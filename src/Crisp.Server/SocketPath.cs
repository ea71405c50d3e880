using System.Net.Sockets;
using Crisp.Linux;

namespace Crisp.Server;

/// <summary>Prepares the path the CRI socket is bound to.</summary>
internal static class SocketPath
{
    /// <summary>
    /// Creates the parent directory, refuses a path that is a directory or a non-socket file or that a live
    /// server answers on, and removes a stale socket left behind by a daemon that died.
    /// </summary>
    public static void Prepare(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !Path.IsPathRooted(path))
        {
            throw new DaemonStartupException($"socket path \"{path}\" must be an absolute path");
        }

        if (Directory.Exists(path))
        {
            throw new DaemonStartupException($"socket path {path} is a directory");
        }

        var parent = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DaemonStartupException($"cannot create the socket directory {parent}: {e.Message}", e);
        }

        if (!File.Exists(path))
        {
            return;
        }

        if (FileKinds.Of(path) != FileKind.Socket)
        {
            throw new DaemonStartupException($"socket path {path} exists and is not a socket");
        }

        if (IsAnswering(path))
        {
            throw new DaemonStartupException($"another server is already listening on {path}");
        }

        File.Delete(path);
    }

    /// <summary>Binds a probe: succeeds only when something accepts connections on the socket.</summary>
    public static bool IsAnswering(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
