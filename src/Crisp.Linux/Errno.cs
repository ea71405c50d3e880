namespace Crisp.Linux;

/// <summary>The errno values crisp tests for (identical on x86-64 and arm64).</summary>
public static class Errno
{
    public const int EPerm = 1;
    public const int ENoEnt = 2;
    public const int E2Big = 7;
    public const int EBadF = 9;
    public const int EAgain = 11;
    public const int EBusy = 16;
    public const int EExist = 17;
    public const int EXDev = 18;
    public const int ENotDir = 20;
    public const int EIsDir = 21;
    public const int EInval = 22;
    public const int ERange = 34;
    public const int ENoSys = 38;
    public const int ENotEmpty = 39;
    public const int ELoop = 40;
    public const int ENoData = 61;
    public const int EOpNotSupp = 95;
}
