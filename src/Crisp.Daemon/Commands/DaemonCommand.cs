using System.CommandLine;
using Crisp.Config;
using Crisp.Server;

namespace Crisp.Daemon.Commands;

/// <summary><c>crisp</c> with no subcommand: load and validate the configuration, then serve until SIGTERM/SIGINT.</summary>
internal static class DaemonCommand
{
    public static async Task<int> RunAsync(GlobalOptions options, ParseResult parse, CancellationToken cancellationToken)
    {
        var loaded = options.Load(parse, validate: true);
        PrintWarnings(loaded.Warnings);

        var server = CrispServer.Create(new CrispServerOptions(
            loaded.Config,
            Reload: () =>
            {
                var fresh = options.Load(parse, validate: false);
                PrintWarnings(fresh.Warnings);
                return fresh.Config;
            },
            Validate: config => PrintWarnings(new ConfigValidator().Validate(config))));
        await using (server.ConfigureAwait(false))
        {
            await server.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static void PrintWarnings(IEnumerable<ConfigIssue> warnings)
    {
        foreach (var warning in warnings)
        {
            Console.Error.WriteLine($"crisp: warning: {warning}");
        }
    }
}
