using System.Text.Json.Nodes;
using Crisp.IntegrationTests.Harness.Pods;

namespace Crisp.IntegrationTests.Harness;

/// <summary>The config files of the seed 004 walkthrough (sandbox_config.json, container_*.json), for the test's daemon.</summary>
public static class CtlFiles
{
    /// <summary>A seed-style sandbox_config.json (snake_case keys) with the test's log root and cgroup parent.</summary>
    public static string PodJson(PodTestHost host, string name)
    {
        var uid = Guid.NewGuid().ToString();
        var json = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["attempt"] = 1, ["uid"] = uid },
            ["log_directory"] = Path.Combine(host.LogRoot, "pods", $"default_{name}_{uid}"),
            ["linux"] = new JsonObject { ["cgroup_parent"] = host.CgroupParent },
        };
        return CrispCtl.WriteFile(host, $"{name}.json", json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The same as YAML with Kubernetes-style camelCase keys, a label, and a namespace of its own.</summary>
    public static string PodYaml(PodTestHost host, string name, string ns)
    {
        var uid = Guid.NewGuid().ToString();
        return CrispCtl.WriteFile(host, $"{name}.yaml", $"""
            # a pod in camelCase YAML
            metadata:
              name: {name}
              namespace: {ns}
              attempt: 1
              uid: "{uid}"
            labels:
              app: web
            logDirectory: {Path.Combine(host.LogRoot, "pods", $"{ns}_{name}_{uid}")}
            linux:
              cgroupParent: {host.CgroupParent}
            """);
    }

    /// <summary>A seed-style container_*.json running <c>sh -c <paramref name="script"/></c>.</summary>
    public static string ContainerJson(PodTestHost host, string name, string script)
    {
        var json = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["image"] = new JsonObject { ["image"] = host.Busybox },
            ["command"] = new JsonArray("sh", "-c", script),
            ["log_path"] = $"{name}/0.log",
            ["envs"] = new JsonArray(new JsonObject { ["key"] = "GREETING", ["value"] = "hi" }),
            ["linux"] = new JsonObject(),
        };
        return CrispCtl.WriteFile(host, $"{name}.json", json.ToJsonString());
    }
}
