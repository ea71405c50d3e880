using Grpc.Core;

namespace Crisp.Ctl;

/// <summary>Runs a command body and turns every failure an operator can meet into one line on stderr and exit code 1.</summary>
internal static class CtlGuard
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CtlException e)
        {
            return Fail(e.Message, e.ExitCode);
        }
        catch (RpcException e)
        {
            return Fail(CtlContext.ConnectFailure(e) ?? Describe(e), 1);
        }
        catch (OperationCanceledException)
        {
            return Fail("operation cancelled", 1);
        }
        catch (IOException e)
        {
            return Fail(e.Message, 1);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(e.Message, 1);
        }
        catch (HttpRequestException e)
        {
            return Fail(e.Message, 1);
        }
    }

    /// <summary>crictl's wording of a gRPC failure: <c>rpc error: code = NotFound desc = ...</c>.</summary>
    public static string Describe(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable => $"connect to the runtime endpoint: rpc error: code = Unavailable desc = {Detail(e)}",
        StatusCode.DeadlineExceeded => $"rpc error: code = DeadlineExceeded desc = {Detail(e)} (raise it with --timeout)",
        _ => $"rpc error: code = {e.StatusCode} desc = {e.Status.Detail}",
    };

    private static string Detail(RpcException e) =>
        e.Status.DebugException is { } inner ? $"{e.Status.Detail} ({Innermost(inner).Message})" : e.Status.Detail;

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static int Fail(string message, int exitCode)
    {
        Console.Out.Flush();
        Console.Error.WriteLine($"crisp ctl: {message}");
        return exitCode;
    }
}
