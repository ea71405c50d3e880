using Crisp.Config.Schema;
using Crisp.Config.Toml;

namespace Crisp.Config;

/// <summary>
/// SIGHUP support: compares the running configuration with a freshly loaded one and takes over only
/// the keys CRI-O reloads live. Validate <see cref="ConfigReloadResult.Config"/> before switching to it.
/// registries.conf itself should be re-read on every reload, whether or not its path changed.
/// </summary>
public static class ConfigReload
{
    /// <summary>Key for <see cref="CrispConfig.RegistriesConf"/>, which is not a TOML key.</summary>
    public const string RegistriesConfKey = "registries_conf";

    private static readonly (string Key, Func<CrispConfig, CrispConfig, CrispConfig> Take)[] _reloadable =
    [
        ("crio.runtime.log_level", (c, n) => c with { Runtime = c.Runtime with { LogLevel = n.Runtime.LogLevel } }),
        ("crio.runtime.log_filter", (c, n) => c with { Runtime = c.Runtime with { LogFilter = n.Runtime.LogFilter } }),
        ("crio.runtime.decryption_keys_path", (c, n) => c with { Runtime = c.Runtime with { DecryptionKeysPath = n.Runtime.DecryptionKeysPath } }),
        ("crio.runtime.seccomp_profile", (c, n) => c with { Runtime = c.Runtime with { SeccompProfile = n.Runtime.SeccompProfile } }),
        ("crio.runtime.apparmor_profile", (c, n) => c with { Runtime = c.Runtime with { ApparmorProfile = n.Runtime.ApparmorProfile } }),
        ("crio.runtime.blockio_config_file", (c, n) => c with { Runtime = c.Runtime with { BlockioConfigFile = n.Runtime.BlockioConfigFile } }),
        ("crio.runtime.rdt_config_file", (c, n) => c with { Runtime = c.Runtime with { RdtConfigFile = n.Runtime.RdtConfigFile } }),
        ("crio.runtime.cdi_spec_dirs", (c, n) => c with { Runtime = c.Runtime with { CdiSpecDirs = n.Runtime.CdiSpecDirs } }),
        ("crio.runtime.default_runtime", (c, n) => c with { Runtime = c.Runtime with { DefaultRuntime = n.Runtime.DefaultRuntime } }),
        ("crio.image.pause_image", (c, n) => c with { Image = c.Image with { PauseImage = n.Image.PauseImage } }),
        ("crio.image.pause_image_auth_file", (c, n) => c with { Image = c.Image with { PauseImageAuthFile = n.Image.PauseImageAuthFile } }),
        ("crio.image.pause_command", (c, n) => c with { Image = c.Image with { PauseCommand = n.Image.PauseCommand } }),
        ("crio.image.pinned_images", (c, n) => c with { Image = c.Image with { PinnedImages = n.Image.PinnedImages } }),
        ("crio.image.signature_policy", (c, n) => c with { Image = c.Image with { SignaturePolicy = n.Image.SignaturePolicy } }),
        ("crio.image.signature_policy_dir", (c, n) => c with { Image = c.Image with { SignaturePolicyDir = n.Image.SignaturePolicyDir } }),
        (RegistriesConfKey, (c, n) => c with { RegistriesConf = n.RegistriesConf }),
    ];

    /// <summary>Every key reloaded live; handler tables are reloaded as <c>crio.runtime.runtimes.&lt;name&gt;</c>.</summary>
    public static IReadOnlyList<string> ReloadableKeys { get; } =
        [.. _reloadable.Select(r => r.Key), CrispSchema.Runtimes];

    /// <summary>Takes the reloadable keys that changed from <paramref name="fresh"/> into <paramref name="current"/>.</summary>
    public static ConfigReloadResult Diff(CrispConfig current, CrispConfig fresh)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(fresh);

        var changed = ChangedScalars(current, fresh);
        var reloaded = current;
        var applied = new List<string>();
        foreach (var (key, take) in _reloadable)
        {
            if (changed.Remove(key))
            {
                reloaded = take(reloaded, fresh);
                applied.Add(key);
            }
        }

        var changedHandlers = ChangedEntries(CrispSchema.Runtimes, current.Runtime.Runtimes, fresh.Runtime.Runtimes);
        if (changedHandlers.Count > 0)
        {
            reloaded = reloaded with { Runtime = reloaded.Runtime with { Runtimes = fresh.Runtime.Runtimes } };
            applied.AddRange(changedHandlers);
        }

        changed.AddRange(ChangedEntries(CrispSchema.Workloads, current.Runtime.Workloads, fresh.Runtime.Workloads));
        return new ConfigReloadResult(reloaded, ValueList.From(applied), ValueList.From(changed));
    }

    private static List<string> ChangedScalars(CrispConfig current, CrispConfig fresh)
    {
        var before = Scalars(current);
        var after = Scalars(fresh);
        return after.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key).ToList();
    }

    private static Dictionary<string, string> Scalars(CrispConfig config)
    {
        var nested = new[] { CrispSchema.Runtimes + ".", CrispSchema.Workloads + "." };
        var values = CrispSchema.Flatten(config)
            .Where(kv => !nested.Any(prefix => kv.Key.StartsWith(prefix, StringComparison.Ordinal)))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        values[RegistriesConfKey] = config.RegistriesConf;
        return values;
    }

    private static List<string> ChangedEntries<T>(string path, ValueMap<T> before, ValueMap<T> after) =>
        before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Where(name => !before.TryGetValue(name, out var old) || !after.TryGetValue(name, out var now) || !EqualityComparer<T>.Default.Equals(old, now))
            .Select(name => TomlText.Child(path, name))
            .ToList();
}
