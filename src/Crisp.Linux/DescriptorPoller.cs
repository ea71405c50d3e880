using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// One epoll instance and one background thread that wake async waiters when a descriptor becomes readable or
/// writable, hangs up or fails. Each wait arms its descriptor once (level-triggered EPOLLONESHOT), so readiness
/// that came before the wait is never missed, and a thread only blocks in epoll_wait — never per descriptor.
/// </summary>
internal sealed class DescriptorPoller
{
    private const int MaxEvents = 64;

    private static readonly Lazy<DescriptorPoller> _shared = new(() => new DescriptorPoller(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>struct epoll_event is packed on x86-64 (u32 events, u64 data: 12 bytes) and naturally aligned elsewhere.</summary>
    private static readonly int _eventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int _dataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly SafeFileHandle _epoll;
    private readonly ConcurrentDictionary<long, Registration> _registrations = new();
    private long _nextKey;

    private DescriptorPoller()
    {
        var fd = Libc.EpollCreate1(Libc.EpollCloexec);
        _epoll = fd < 0 ? throw SystemCallException.Last("epoll_create1") : new SafeFileHandle(fd, ownsHandle: true);
        new Thread(Run) { IsBackground = true, Name = "crisp-descriptor-poller" }.Start();
    }

    public static DescriptorPoller Shared => _shared.Value;

    /// <summary>Registers a descriptor; dispose the registration before closing the descriptor.</summary>
    public Registration Register(SafeHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var registration = new Registration(this, handle, Interlocked.Increment(ref _nextKey));
        _registrations[registration.Key] = registration;
        return registration;
    }

    private unsafe int Control(int operation, SafeHandle handle, uint events, long key)
    {
        var ev = stackalloc byte[16];
        Unsafe.WriteUnaligned(ev, events);
        Unsafe.WriteUnaligned(ev + _dataOffset, key);
        return Libc.EpollCtl(_epoll, operation, handle, ev);
    }

    private unsafe void Run()
    {
        var events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * _eventSize));
        while (true)
        {
            var count = Libc.EpollWait(_epoll, events, MaxEvents, -1);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() != Libc.EIntr)
                {
                    Thread.Sleep(100); // cannot happen with a valid epoll descriptor; never spin
                }

                continue;
            }

            for (var i = 0; i < count; i++)
            {
                var key = Unsafe.ReadUnaligned<long>(events + (i * _eventSize) + _dataOffset);
                if (_registrations.TryGetValue(key, out var registration))
                {
                    registration.Wake();
                }
            }
        }
    }

    /// <summary>One descriptor in the epoll set. At most one wait is pending at a time.</summary>
    internal sealed class Registration : IDisposable
    {
        private readonly DescriptorPoller _poller;
        private readonly SafeHandle _handle;
        private readonly Lock _lock = new();
        private TaskCompletionSource? _waiter;
        private bool _added;
        private bool _disposed;

        public Registration(DescriptorPoller poller, SafeHandle handle, long key)
        {
            _poller = poller;
            _handle = handle;
            Key = key;
        }

        public long Key { get; }

        /// <summary>Completes when the descriptor is readable (<paramref name="write"/> false) or writable, or hangs up or fails.</summary>
        public async Task WaitAsync(bool write, CancellationToken cancellationToken)
        {
            TaskCompletionSource waiter;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiter = waiter;
                var events = (write ? Libc.EpollOut : Libc.EpollIn) | Libc.EpollOneShot;
                if (_poller.Control(_added ? Libc.EpollCtlMod : Libc.EpollCtlAdd, _handle, events, Key) != 0)
                {
                    _waiter = null;
                    throw SystemCallException.Last("epoll_ctl");
                }

                _added = true;
            }

            using (cancellationToken.UnsafeRegister(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), waiter))
            {
                await waiter.Task.ConfigureAwait(false);
            }
        }

        internal void Wake()
        {
            TaskCompletionSource? waiter;
            lock (_lock)
            {
                waiter = _waiter;
                _waiter = null;
            }

            waiter?.TrySetResult();
        }

        /// <summary>Leaves the epoll set (the descriptor must still be open) and fails a pending wait.</summary>
        public void Dispose()
        {
            TaskCompletionSource? waiter;
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                if (_added && !_handle.IsClosed)
                {
                    _poller.Control(Libc.EpollCtlDel, _handle, 0, Key);
                }

                waiter = _waiter;
                _waiter = null;
            }

            _poller._registrations.TryRemove(Key, out _);
            waiter?.TrySetException(new ObjectDisposedException(nameof(Registration), "the descriptor was closed while waiting"));
        }
    }
}
