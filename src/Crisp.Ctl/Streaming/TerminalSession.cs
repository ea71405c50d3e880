using System.Runtime.InteropServices;
using Crisp.Linux;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Ctl.Streaming;

/// <summary>
/// The local side of a tty session: stdin in raw mode while it runs (restored on dispose), and the window size of the
/// local terminal sent at the start and on every SIGWINCH.
/// </summary>
internal sealed class TerminalSession : IDisposable
{
    private readonly SafeFileHandle _stdin = new(0, ownsHandle: false);
    private readonly byte[]? _savedMode;
    private readonly PosixSignalRegistration? _winch;

    private TerminalSession(bool stdin, bool tty, Func<ushort, ushort, Task>? sendSize)
    {
        if (tty && stdin && TerminalModes.IsTerminal(_stdin))
        {
            _savedMode = TerminalModes.Save(_stdin);
            Terminals.MakeRaw(_stdin);
        }

        var stdout = new SafeFileHandle(1, ownsHandle: false);
        if (tty && sendSize is not null && TerminalModes.IsTerminal(stdout))
        {
            void Send()
            {
                try
                {
                    var (rows, columns) = Terminals.GetWindowSize(stdout);
                    _ = sendSize(rows, columns);
                }
                catch (SystemCallException)
                {
                    // No size to send.
                }
            }

            Send();
            _winch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
            {
                context.Cancel = true;
                Send();
            });
        }
    }

    public static Task<TerminalSession> StartAsync(bool stdin, bool tty, Func<ushort, ushort, Task>? sendSize) =>
        Task.FromResult(new TerminalSession(stdin, tty, sendSize));

    public void Dispose()
    {
        _winch?.Dispose();
        if (_savedMode is not null)
        {
            TerminalModes.Restore(_stdin, _savedMode);
        }
    }
}
