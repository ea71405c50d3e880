using System.CommandLine;
using Crisp.Config;
using Crisp.Server;

namespace Crisp.Daemon.Commands;

/// <summary>crisp's command line: the daemon is the root command; operator commands hang below it.</summary>
internal static class CrispCommandLine
{
    public static RootCommand Build()
    {
        var options = new GlobalOptions();
        var root = new RootCommand("crisp: a Kubernetes CRI v1 container runtime (CRI-O compatible configuration)");
        options.AddTo(root);
        root.SetAction((parse, ct) => Guard(() => DaemonCommand.RunAsync(options, parse, ct)));

        root.Subcommands.Add(ConfigCommand.Build(options));
        root.Subcommands.Add(VersionCommand.Build());
        root.Subcommands.Add(StatusCommand.Build(options));
        root.Subcommands.Add(WipeCommand.Build(options));
        root.Subcommands.Add(Crisp.Ctl.CtlCommand.Build());
        return root;
    }

    /// <summary>Runs a command body, turning the errors an operator can fix into one clear line and exit code 1.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliError e)
        {
            await Console.Error.WriteLineAsync($"crisp: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"crisp: invalid configuration: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (DaemonStartupException e)
        {
            await Console.Error.WriteLineAsync($"crisp: cannot start: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    public static Task<int> Guard(Func<int> body) => Guard(() => Task.FromResult(body()));
}
