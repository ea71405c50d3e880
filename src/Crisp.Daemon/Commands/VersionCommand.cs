using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crisp.Core;

namespace Crisp.Daemon.Commands;

/// <summary><c>crisp version [--json]</c>.</summary>
internal static class VersionCommand
{
    public static Command Build()
    {
        var json = new Option<bool>("--json", "-j") { Description = "Print as JSON" };
        var command = new Command("version", "Print crisp's version") { json };
        command.SetAction(parse =>
        {
            var info = new VersionInfo(
                RuntimeIdentity.Version,
                RuntimeIdentity.Name,
                RuntimeIdentity.ApiVersion,
                RuntimeInformation.FrameworkDescription,
                RuntimeInformation.RuntimeIdentifier,
                RuntimeFeature.IsDynamicCodeSupported ? "jit" : "native-aot");
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(info, VersionJsonContext.Default.VersionInfo));
            }
            else
            {
                Console.Out.WriteLine($"Version:           {info.Version}");
                Console.Out.WriteLine($"RuntimeName:       {info.RuntimeName}");
                Console.Out.WriteLine($"RuntimeApiVersion: {info.RuntimeApiVersion}");
                Console.Out.WriteLine($"Framework:         {info.Framework}");
                Console.Out.WriteLine($"Platform:          {info.Platform}");
                Console.Out.WriteLine($"Compilation:       {info.Compilation}");
            }

            return 0;
        });
        return command;
    }
}

internal sealed record VersionInfo(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("runtimeName")] string RuntimeName,
    [property: JsonPropertyName("runtimeApiVersion")] string RuntimeApiVersion,
    [property: JsonPropertyName("framework")] string Framework,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("compilation")] string Compilation);

[JsonSerializable(typeof(VersionInfo))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class VersionJsonContext : JsonSerializerContext;
