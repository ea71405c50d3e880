using Crisp.Config;

namespace Crisp.Core;

/// <summary>The daemon's effective configuration; it changes when the daemon reloads on SIGHUP.</summary>
public interface ICrispConfigSource
{
    CrispConfig Current { get; }
}
