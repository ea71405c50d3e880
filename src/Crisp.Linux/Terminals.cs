using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// Host pseudo-terminals: a master crisp reads and writes, and a slave handed to a child (runc) as its stdio.
/// Every descriptor is opened O_NOCTTY (crisp never acquires a controlling terminal) and close-on-exec.
/// </summary>
public static class Terminals
{
    /// <summary>posix_openpt + grantpt + unlockpt + ptsname_r, then opens the slave. The caller owns both handles.</summary>
    public static unsafe (SafeFileHandle Master, SafeFileHandle Slave, string SlavePath) OpenPseudoTerminal()
    {
        var fd = Libc.PosixOpenPt(Libc.ORdwr | Libc.ONoctty | Libc.OCloexec);
        if (fd < 0)
        {
            throw SystemCallException.Last("posix_openpt");
        }

        var master = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (Libc.GrantPt(master) != 0)
            {
                throw SystemCallException.Last("grantpt");
            }

            if (Libc.UnlockPt(master) != 0)
            {
                throw SystemCallException.Last("unlockpt");
            }

            var buffer = stackalloc byte[128];
            var rc = Libc.PtsNameR(master, buffer, 128);
            if (rc != 0)
            {
                throw new SystemCallException("ptsname_r", rc);
            }

            var path = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer));
            var slaveFd = Libc.Open(path, Libc.ORdwr | Libc.ONoctty | Libc.OCloexec, 0);
            if (slaveFd < 0)
            {
                throw SystemCallException.Last("open", path);
            }

            return (master, new SafeFileHandle(slaveFd, ownsHandle: true), path);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>TIOCSWINSZ: sets the window size of the terminal (on a master, of the pair).</summary>
    public static unsafe void SetWindowSize(SafeHandle terminal, ushort rows, ushort columns)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var size = new Libc.WinSize { Rows = rows, Columns = columns };
        if (Libc.IoctlWinSize(terminal, Libc.TiocSWinSz, &size) != 0)
        {
            throw SystemCallException.Last("ioctl(TIOCSWINSZ)");
        }
    }

    /// <summary>TIOCGWINSZ: the window size of the terminal.</summary>
    public static unsafe (ushort Rows, ushort Columns) GetWindowSize(SafeHandle terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        Libc.WinSize size;
        if (Libc.IoctlWinSize(terminal, Libc.TiocGWinSz, &size) != 0)
        {
            throw SystemCallException.Last("ioctl(TIOCGWINSZ)");
        }

        return (size.Rows, size.Columns);
    }

    /// <summary>
    /// Puts the terminal in raw mode (cfmakeraw): no echo, no line editing, no signals, input bytes pass through.
    /// With <paramref name="keepOutputProcessing"/>, output keeps OPOST and ONLCR ("\n" written to the slave
    /// reads as "\r\n" on the master) — the state runc's own SetRaw leaves its console in.
    /// </summary>
    public static unsafe void MakeRaw(SafeHandle terminal, bool keepOutputProcessing = false)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var termios = stackalloc byte[Libc.TermiosSize];
        if (Libc.TcGetAttr(terminal, termios) != 0)
        {
            throw SystemCallException.Last("tcgetattr");
        }

        Libc.CfMakeRaw(termios);
        if (keepOutputProcessing)
        {
            *(uint*)(termios + Libc.TermiosOutputFlagsOffset) |= Libc.OPost | Libc.ONlcr;
        }

        if (Libc.TcSetAttr(terminal, Libc.TcsaNow, termios) != 0)
        {
            throw SystemCallException.Last("tcsetattr");
        }
    }
}

/// <summary>The saved mode of a terminal, to put it back after raw mode (crisp ctl exec -t).</summary>
public static class TerminalModes
{
    /// <summary>isatty(3) by tcgetattr: true when <paramref name="fd"/> is a terminal.</summary>
    public static unsafe bool IsTerminal(SafeHandle fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        var termios = stackalloc byte[Libc.TermiosSize];
        return Libc.TcGetAttr(fd, termios) == 0;
    }

    /// <summary>tcgetattr: the terminal's current mode, for <see cref="Restore"/>.</summary>
    public static unsafe byte[] Save(SafeHandle fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        var saved = new byte[Libc.TermiosSize];
        fixed (byte* termios = saved)
        {
            if (Libc.TcGetAttr(fd, termios) != 0)
            {
                throw SystemCallException.Last("tcgetattr");
            }
        }

        return saved;
    }

    /// <summary>tcsetattr(TCSANOW) with a mode from <see cref="Save"/>.</summary>
    public static unsafe void Restore(SafeHandle fd, byte[] saved)
    {
        ArgumentNullException.ThrowIfNull(fd);
        ArgumentNullException.ThrowIfNull(saved);
        fixed (byte* termios = saved)
        {
            if (Libc.TcSetAttr(fd, Libc.TcsaNow, termios) != 0)
            {
                throw SystemCallException.Last("tcsetattr");
            }
        }
    }
}
