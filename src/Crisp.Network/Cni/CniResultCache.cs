using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crisp.Network.Cni;

/// <summary>
/// ADD results cached as <c>&lt;cacheDir&gt;/results/&lt;network&gt;-&lt;containerId&gt;-&lt;ifname&gt;</c> in libcni's
/// <c>cniCacheV1</c> format (the config is base64 as Go encodes []byte), so crisp and CRI-O can read each other's
/// entries in /var/lib/cni.
/// </summary>
internal sealed class CniResultCache
{
    private const string Kind = "cniCacheV1";

    public CniResultCache(string cacheDir)
    {
        ResultsDir = Path.Combine(Path.GetFullPath(cacheDir), "results");
    }

    public string ResultsDir { get; }

    public string PathFor(string networkName, string containerId, string interfaceName) =>
        Path.Combine(ResultsDir, $"{networkName}-{containerId}-{interfaceName}");

    /// <summary>Writes the entry atomically (temp file, fsync, rename), directory 0700 and file 0600 as libcni.</summary>
    public void Write(CachedAttachment entry)
    {
        Directory.CreateDirectory(ResultsDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var args = new JsonArray();
        foreach (var (key, value) in entry.CniArgs)
        {
            args.Add((JsonNode)new JsonArray(key, value));
        }

        var json = new JsonObject
        {
            ["kind"] = Kind,
            ["containerId"] = entry.ContainerId,
            ["config"] = Convert.ToBase64String(entry.Config),
            ["ifName"] = entry.InterfaceName,
            ["networkName"] = entry.NetworkName,
            ["netns"] = entry.NetnsPath,
            ["cniArgs"] = args,
            ["capabilityArgs"] = entry.CapabilityArgs.DeepClone(),
        };
        if (entry.Result is not null)
        {
            json["result"] = entry.Result.DeepClone();
        }

        var path = PathFor(entry.NetworkName, entry.ContainerId, entry.InterfaceName);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
                stream.Write(Encoding.UTF8.GetBytes(json.ToJsonString()));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The entry for exactly this attachment, or null when there is none (or it is unreadable).</summary>
    public CachedAttachment? Read(string networkName, string containerId, string interfaceName) =>
        TryLoad(PathFor(networkName, containerId, interfaceName), out var entry) ? entry : null;

    /// <summary>
    /// The entry of this container and interface in any network (libcni's GetCachedAttachments), preferring
    /// <paramref name="preferredNetwork"/>: the network configuration may have been renamed since the ADD.
    /// </summary>
    public CachedAttachment? Find(string containerId, string interfaceName, string? preferredNetwork)
    {
        if (preferredNetwork is not null && Read(preferredNetwork, containerId, interfaceName) is { } preferred)
        {
            return preferred;
        }

        if (!Directory.Exists(ResultsDir))
        {
            return null;
        }

        var suffix = $"-{containerId}-{interfaceName}";
        foreach (var file in Directory.EnumerateFiles(ResultsDir).Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(suffix, StringComparison.Ordinal)
                && TryLoad(file, out var entry)
                && entry.ContainerId == containerId
                && entry.InterfaceName == interfaceName
                && entry.NetworkName != CniNetwork.LoopbackNetworkName)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Deletes the entry; a missing one is fine.</summary>
    public void Delete(string networkName, string containerId, string interfaceName)
    {
        try
        {
            File.Delete(PathFor(networkName, containerId, interfaceName));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever cached.
        }
    }

    private static bool TryLoad(string path, out CachedAttachment entry)
    {
        entry = null!;
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            if (JsonNode.Parse(File.ReadAllBytes(path)) is not JsonObject json || (string?)json["kind"] != Kind)
            {
                return false; // not ours to read (libcni skips these too)
            }

            var args = new List<KeyValuePair<string, string>>();
            if (json["cniArgs"] is JsonArray pairs)
            {
                foreach (var pair in pairs.OfType<JsonArray>().Where(p => p.Count == 2))
                {
                    args.Add(new((string?)pair[0] ?? "", (string?)pair[1] ?? ""));
                }
            }

            entry = new CachedAttachment(
                (string?)json["networkName"] ?? "",
                (string?)json["containerId"] ?? "",
                (string?)json["ifName"] ?? "",
                (string?)json["netns"] ?? "",
                Convert.FromBase64String((string?)json["config"] ?? ""),
                args,
                json["capabilityArgs"] is JsonObject capabilities ? (JsonObject)capabilities.DeepClone() : [],
                json["result"] is JsonObject result ? (JsonObject)result.DeepClone() : null);
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
