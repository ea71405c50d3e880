using Crisp.Config;

namespace Crisp.Daemon.Commands;

/// <summary>A loaded configuration, where each key came from, and what the operator should be warned about.</summary>
internal sealed record LoadedConfig(CrispConfig Config, IReadOnlyDictionary<string, string> Origins, IReadOnlyList<ConfigIssue> Warnings);
