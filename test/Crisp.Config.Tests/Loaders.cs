namespace Crisp.Config.Tests;

internal static class Loaders
{
    /// <summary>A loader for a host without systemd whose default locations do not exist.</summary>
    public static ConfigLoader NoSystemd(string? scratch = null)
    {
        var root = scratch ?? "/nonexistent/crisp-config-tests";
        return new ConfigLoader(FakeSystemdProbe.Without, System.IO.Path.Combine(root, "crisp.conf"), System.IO.Path.Combine(root, "crisp.conf.d"));
    }

    public static CrispConfig Load(string toml) => NoSystemd().LoadText(toml, "test.conf").Config;

    public static string Fixture(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
