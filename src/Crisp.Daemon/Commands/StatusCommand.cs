using System.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace Crisp.Daemon.Commands;

/// <summary>
/// <c>crisp status info|config|containers --id ID</c>: read the daemon's status pages over its socket;
/// <c>crisp status pause|unpause --id ID</c>: freeze or thaw a container.
/// </summary>
internal static class StatusCommand
{
    public static Command Build(GlobalOptions options)
    {
        var socket = new Option<string?>("--socket", "-s") { Description = "The daemon's socket (default: the configured listen path)", Recursive = true };
        var command = new Command("status", "Show the running daemon's status") { socket };

        var info = new Command("info", "Show the daemon's information");
        info.SetAction((parse, ct) => CrispCommandLine.Guard(() => FetchAsync(options, socket, parse, "info", ct)));

        var config = new Command("config", "Show the daemon's effective configuration");
        config.SetAction((parse, ct) => CrispCommandLine.Guard(() => FetchAsync(options, socket, parse, "config", ct)));

        var id = new Option<string>("--id", "-i") { Description = "The container's id", Required = true };
        var containers = new Command("containers", "Show one container's information") { id };
        containers.Aliases.Add("container");
        containers.SetAction((parse, ct) => CrispCommandLine.Guard(() =>
            FetchAsync(options, socket, parse, "containers/" + Uri.EscapeDataString(parse.GetValue(id)!), ct)));

        command.Subcommands.Add(info);
        command.Subcommands.Add(config);
        command.Subcommands.Add(containers);
        command.Subcommands.Add(PauseCommand(options, socket, "pause", "Pause (freeze) a running container"));
        command.Subcommands.Add(PauseCommand(options, socket, "unpause", "Unpause (thaw) a paused container"));
        return command;
    }

    /// <summary><c>crisp status pause|unpause --id ID</c>: POST to <c>/pause/{id}</c> or <c>/unpause/{id}</c>.</summary>
    private static Command PauseCommand(GlobalOptions options, Option<string?> socket, string name, string description)
    {
        var id = new Option<string>("--id", "-i") { Description = "The container's id", Required = true };
        var command = new Command(name, description) { id };
        command.SetAction((parse, ct) => CrispCommandLine.Guard(() =>
            FetchAsync(options, socket, parse, name + "/" + Uri.EscapeDataString(parse.GetValue(id)!), ct, HttpMethod.Post)));
        return command;
    }

    private static async Task<int> FetchAsync(
        GlobalOptions options, Option<string?> socketOption, ParseResult parse, string page, CancellationToken ct, HttpMethod? method = null)
    {
        var socket = parse.GetValue(socketOption) ?? options.Load(parse, validate: false).Config.Api.Listen;
        using var client = UnixHttp.Create(socket);
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(method ?? HttpMethod.Get, page);
            response = await client.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException or null)
        {
            throw new CliError($"cannot reach crisp on {socket}: {e.Message}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new CliError($"{page}: {(int)response.StatusCode} {body.Trim()}");
            }

            Console.Out.Write(body);
            if (!body.EndsWith('\n'))
            {
                Console.Out.WriteLine();
            }

            return 0;
        }
    }
}
