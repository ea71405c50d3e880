using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// Starts programs with posix_spawn(3) — never a managed fork. The child gets exactly the descriptors of
/// the request (everything else is closed with closefrom), an empty signal mask and every signal at its
/// default disposition (.NET ignores SIGPIPE and handles others; a child must not inherit that), including
/// the glibc-internal real-time signals 32 and 33 that a plain posix_spawn leaves ignored.
/// The caller owns the returned pid and must reap it (<see cref="ProcessReaper"/>).
/// </summary>
public static class ProcessSpawner
{
    /// <summary>Spawns the process and returns its pid. Failures to exec surface here (posix_spawn reports them).</summary>
    public static unsafe int Spawn(SpawnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Arguments.Count == 0)
        {
            throw new ArgumentException("argv must contain at least argv[0]", nameof(request));
        }

        var environment = request.Environment ?? CurrentEnvironment();
        var path = ResolveExecutable(request.Path, environment);
        if (request.Descriptors.Keys.Any(fd => fd < 0))
        {
            throw new ArgumentException("descriptor numbers must not be negative", nameof(request));
        }

        var maxTarget = Math.Max(2, request.Descriptors.Count == 0 ? 2 : request.Descriptors.Keys.Max());

        using var holds = new HandleHolds();
        using var devNull = OpenDevNull(maxTarget);
        var sources = new int[maxTarget + 1];
        for (var target = 0; target <= maxTarget; target++)
        {
            sources[target] = request.Descriptors.TryGetValue(target, out var handle)
                ? holds.Source(handle, maxTarget)
                : target <= 2 ? (int)devNull.DangerousGetHandle() : -1;
        }

        var fileActions = NativeMemory.AllocZeroed(Libc.SpawnFileActionsSize);
        var attr = NativeMemory.AllocZeroed(Libc.SpawnAttrSize);
        var emptySet = NativeMemory.AllocZeroed(Libc.SigSetSize);
        var fullSet = NativeMemory.AllocZeroed(Libc.SigSetSize);
        using var strings = new NativeStrings();
        try
        {
            Check(Libc.SpawnFileActionsInit(fileActions), "posix_spawn_file_actions_init");
            Check(Libc.SpawnAttrInit(attr), "posix_spawnattr_init");
            for (var target = 0; target <= maxTarget; target++)
            {
                if (sources[target] >= 0)
                {
                    Check(Libc.SpawnFileActionsAddDup2(fileActions, sources[target], target), "posix_spawn_file_actions_adddup2");
                }
                else
                {
                    Check(Libc.SpawnFileActionsAddClose(fileActions, target), "posix_spawn_file_actions_addclose");
                }
            }

            Check(Libc.SpawnFileActionsAddCloseFrom(fileActions, maxTarget + 1), "posix_spawn_file_actions_addclosefrom_np");
            if (request.WorkingDirectory is not null)
            {
                Check(Libc.SpawnFileActionsAddChdir(fileActions, strings.Add(request.WorkingDirectory)), "posix_spawn_file_actions_addchdir_np");
            }

            Libc.SigEmptySet(emptySet);
            Libc.SigFillSet(fullSet);

            // sigfillset leaves out glibc's internal signals (32 and 33), and posix_spawn then sets those to SIG_IGN
            // in the child, which survives exec (a Go program such as runc never takes them back). Setting their
            // bits directly makes posix_spawn reset them to SIG_DFL like every other signal.
            *(ulong*)fullSet = ulong.MaxValue;
            Check(Libc.SpawnAttrSetSigMask(attr, emptySet), "posix_spawnattr_setsigmask");
            Check(Libc.SpawnAttrSetSigDefault(attr, fullSet), "posix_spawnattr_setsigdefault");
            var flags = (short)(Libc.PosixSpawnSetSigMask | Libc.PosixSpawnSetSigDef | (request.NewSession ? Libc.PosixSpawnSetSid : 0));
            Check(Libc.SpawnAttrSetFlags(attr, flags), "posix_spawnattr_setflags");

            var argv = strings.AddArray(request.Arguments);
            var envp = strings.AddArray(environment);
            int pid;
            var rc = Libc.PosixSpawn(&pid, strings.Add(path), fileActions, attr, argv, envp);
            return rc == 0 ? pid : throw new SystemCallException("posix_spawn", rc, path);
        }
        finally
        {
            Libc.SpawnFileActionsDestroy(fileActions);
            Libc.SpawnAttrDestroy(attr);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attr);
            NativeMemory.Free(emptySet);
            NativeMemory.Free(fullSet);
        }
    }

    /// <summary>Finds a bare program name in the PATH of <paramref name="environment"/> (or ours); paths are returned as given.</summary>
    public static string ResolveExecutable(string name, IReadOnlyList<string>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/'))
        {
            return name;
        }

        var pathVariable = environment?.FirstOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..]
            ?? System.Environment.GetEnvironmentVariable("PATH")
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var directory in pathVariable.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        throw new SystemCallException("posix_spawn", Errno.ENoEnt, name, "not found in PATH");
    }

    private static List<string> CurrentEnvironment()
    {
        var entries = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            entries.Add($"{entry.Key}={entry.Value}");
        }

        return entries;
    }

    /// <summary>/dev/null, numbered above every target so a dup2 onto a target never clobbers it.</summary>
    private static SafeFileHandle OpenDevNull(int maxTarget)
    {
        var fd = Libc.Open("/dev/null", Libc.ORdwr | Libc.OCloexec, 0);
        if (fd < 0)
        {
            throw SystemCallException.Last("open", "/dev/null");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (fd > maxTarget)
        {
            return handle;
        }

        using (handle)
        {
            return HandleHolds.DuplicateAbove(handle, maxTarget);
        }
    }

    private static void Check(int rc, string operation)
    {
        if (rc != 0)
        {
            throw new SystemCallException(operation, rc);
        }
    }

    /// <summary>Keeps the request's handles alive during the spawn and moves low-numbered ones out of the target range.</summary>
    private sealed class HandleHolds : IDisposable
    {
        private readonly List<SafeHandle> _held = [];
        private readonly List<SafeFileHandle> _duplicates = [];

        public int Source(SafeHandle handle, int maxTarget)
        {
            ArgumentNullException.ThrowIfNull(handle);
            var added = false;
            handle.DangerousAddRef(ref added);
            _held.Add(handle);
            var fd = (int)handle.DangerousGetHandle();
            if (fd > maxTarget)
            {
                return fd;
            }

            // A source numbered inside the target range could be overwritten by an earlier dup2, and dup2(fd, fd)
            // would keep its close-on-exec flag: hand the child a copy numbered above every target instead.
            var duplicate = DuplicateAbove(handle, maxTarget);
            _duplicates.Add(duplicate);
            return (int)duplicate.DangerousGetHandle();
        }

        public static SafeFileHandle DuplicateAbove(SafeHandle handle, int maxTarget)
        {
            var fd = Libc.FcntlDupFd(handle, Libc.FDupFdCloexec, maxTarget + 1);
            return fd < 0 ? throw SystemCallException.Last("fcntl(F_DUPFD_CLOEXEC)") : new SafeFileHandle(fd, ownsHandle: true);
        }

        public void Dispose()
        {
            foreach (var duplicate in _duplicates)
            {
                duplicate.Dispose();
            }

            foreach (var handle in _held)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>NUL-terminated UTF-8 copies for the duration of one spawn.</summary>
    private sealed unsafe class NativeStrings : IDisposable
    {
        private readonly List<nint> _strings = [];
        private readonly List<nint> _arrays = [];

        public byte* Add(string value)
        {
            if (value.Contains('\0'))
            {
                throw new ArgumentException($"string contains a NUL character: {value}", nameof(value));
            }

            var pointer = Marshal.StringToCoTaskMemUTF8(value);
            _strings.Add(pointer);
            return (byte*)pointer;
        }

        public byte** AddArray(IReadOnlyList<string> values)
        {
            var array = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(byte*));
            _arrays.Add((nint)array);
            for (var i = 0; i < values.Count; i++)
            {
                array[i] = Add(values[i]);
            }

            return array;
        }

        public void Dispose()
        {
            foreach (var array in _arrays)
            {
                NativeMemory.Free((void*)array);
            }

            foreach (var text in _strings)
            {
                Marshal.FreeCoTaskMem(text);
            }
        }
    }
}
