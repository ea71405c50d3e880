using System.CommandLine;
using Crisp.Config;

namespace Crisp.Daemon.Commands;

/// <summary><c>crisp config [--default]</c>: print the effective (or built-in default) configuration as commented TOML.</summary>
internal static class ConfigCommand
{
    public static Command Build(GlobalOptions options)
    {
        var defaults = new Option<bool>("--default") { Description = "Print the built-in defaults instead of the effective configuration" };
        var command = new Command("config", "Print the configuration as commented TOML (crio.conf format)") { defaults };
        command.SetAction((parse, _) => CrispCommandLine.Guard(() =>
        {
            var config = parse.GetValue(defaults) ? CrispDefaults.Create() : options.Load(parse, validate: false).Config;
            Console.Out.Write(ConfigWriter.Write(config));
            return 0;
        }));
        return command;
    }
}
