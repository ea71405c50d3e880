using System.Text.Json.Serialization;
using Crisp.Config;
using Crisp.Core;
using Crisp.Core.Containers;
using Crisp.Core.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crisp.Server;

/// <summary>
/// The plain-HTTP pages CRI-O serves on its socket: <c>/info</c>, <c>/config</c>, <c>/containers/{id}</c> (a container by id
/// or unique prefix: 404 when unknown, 400 for an ambiguous prefix), and <c>/pause/{id}</c>, <c>/unpause/{id}</c>.
/// </summary>
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

        endpoints.MapGet("/containers/{id}", context =>
        {
            var id = (string)context.Request.RouteValues["id"]!;
            var containers = context.RequestServices.GetRequiredService<ContainerManager>();
            var sandboxes = context.RequestServices.GetRequiredService<SandboxStore>();
            Container container;
            try
            {
                container = containers.Get(id);
            }
            catch (ContainerException e)
            {
                return WriteErrorAsync(context, e);
            }

            return context.Response.WriteAsJsonAsync(ContainerInfo.From(container, sandboxes.Get(container.SandboxId)), StatusJsonContext.Default.ContainerInfo);
        });

        // CRI-O answers GET; POST is accepted too, as the request changes the container.
        endpoints.MapMethods("/pause/{id}", [HttpMethods.Get, HttpMethods.Post], context => SetPausedAsync(context, pause: true));
        endpoints.MapMethods("/unpause/{id}", [HttpMethods.Get, HttpMethods.Post], context => SetPausedAsync(context, pause: false));
    }

    /// <summary>
    /// <c>/pause/{id}</c> and <c>/unpause/{id}</c>: "200 OK" as CRI-O; 404 for an unknown container, 409 when it is not
    /// in the state the change needs, 400 for an ambiguous prefix, 500 when runc fails.
    /// </summary>
    private static async Task SetPausedAsync(HttpContext context, bool pause)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        var containers = context.RequestServices.GetRequiredService<ContainerManager>();
        try
        {
            _ = pause
                ? await containers.PauseAsync(id, context.RequestAborted).ConfigureAwait(false)
                : await containers.ResumeAsync(id, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ContainerException e)
        {
            await WriteErrorAsync(context, e).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("200 OK").ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, ContainerException e)
    {
        context.Response.StatusCode = e.Kind switch
        {
            ContainerErrorKind.NotFound => StatusCodes.Status404NotFound,
            ContainerErrorKind.FailedPrecondition => StatusCodes.Status409Conflict,
            ContainerErrorKind.InvalidArgument => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status500InternalServerError,
        };
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(e.Message + "\n");
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
[JsonSerializable(typeof(ContainerInfo))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
