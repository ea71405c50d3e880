using System.Text.Json.Serialization;
using Crisp.Config;
using Crisp.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crisp.Server;

/// <summary>The plain-HTTP pages CRI-O serves on its socket: <c>/info</c>, <c>/config</c>, <c>/containers/{id}</c>.</summary>
internal static class StatusEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/info", context =>
        {
            var config = context.RequestServices.GetRequiredService<ICrispConfigSource>().Current;
            return context.Response.WriteAsJsonAsync(DaemonInfo.From(config), StatusJsonContext.Default.DaemonInfo);
        });

        endpoints.MapGet("/config", context =>
        {
            var config = context.RequestServices.GetRequiredService<ICrispConfigSource>().Current;
            context.Response.ContentType = "application/toml; charset=utf-8";
            return context.Response.WriteAsync(ConfigWriter.Write(config));
        });

        // Containers arrive with the pods-and-containers work; until then no id is known.
        endpoints.MapGet("/containers/{id}", context =>
        {
            var id = (string)context.Request.RouteValues["id"]!;
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync($"container {id} not found\n");
        });
    }
}

/// <summary>The body of <c>GET /info</c>, with CRI-O's key names plus crisp's runroot and default runtime.</summary>
internal sealed record DaemonInfo(
    [property: JsonPropertyName("storage_driver")] string StorageDriver,
    [property: JsonPropertyName("storage_root")] string StorageRoot,
    [property: JsonPropertyName("storage_image")] string StorageImage,
    [property: JsonPropertyName("runroot")] string RunRoot,
    [property: JsonPropertyName("cgroup_driver")] string CgroupDriver,
    [property: JsonPropertyName("default_runtime")] string DefaultRuntime,
    [property: JsonPropertyName("version")] string Version)
{
    public static DaemonInfo From(CrispConfig config) => new(
        config.Root.StorageDriver,
        config.Root.Root,
        "",
        config.Root.RunRoot,
        config.Runtime.CgroupManager,
        config.Runtime.DefaultRuntime,
        RuntimeIdentity.Version);
}

[JsonSerializable(typeof(DaemonInfo))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
