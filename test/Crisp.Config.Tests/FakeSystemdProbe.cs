namespace Crisp.Config.Tests;

internal sealed class FakeSystemdProbe : ISystemdProbe
{
    public FakeSystemdProbe(bool running)
    {
        Running = running;
    }

    public static FakeSystemdProbe Without { get; } = new(false);

    public static FakeSystemdProbe With { get; } = new(true);

    public bool Running { get; }

    public bool IsSystemdRunning() => Running;
}
