using System.Runtime.InteropServices;
using Crisp.Bench.Infrastructure;
using Crisp.Bench.Lifecycle;
using Crisp.Bench.Pull;

// crisp-bench: benchmarks that print ratios against a peer measured in the same run. See bench/run-pull.sh and
// bench/run-lifecycle.sh. The first argument picks the benchmark: "lifecycle", or "pull" (the default).
Func<CancellationToken, Task<int>> benchmark;
try
{
    if (args.Length > 0 && args[0] == "lifecycle")
    {
        var lifecycle = LifecycleOptions.Parse(args[1..]);
        if (lifecycle.Help)
        {
            Console.WriteLine(LifecycleOptions.Usage);
            return 0;
        }

        benchmark = new LifecycleBenchmark(lifecycle).RunAsync;
    }
    else
    {
        var pull = PullOptions.Parse(args);
        if (pull.Help)
        {
            Console.WriteLine(PullOptions.Usage);
            return 0;
        }

        benchmark = new PullBenchmark(pull).RunAsync;
    }
}
catch (BenchException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// The first SIGINT/SIGTERM/SIGHUP cancels the run, which then stops its processes and removes its files;
// a second one is left to its default action.
using var cancel = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (!cancel.IsCancellationRequested)
    {
        context.Cancel = true;
        Console.Error.WriteLine($"\nbench: {context.Signal}: stopping and cleaning up (send it again to exit at once)");
        cancel.Cancel();
    }
}

using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

try
{
    return await benchmark(cancel.Token);
}
catch (Exception e) when (cancel.IsCancellationRequested)
{
    // OperationCanceledException, or what a cancelled gRPC call or child process ended with.
    Console.Error.WriteLine($"bench: cancelled ({e.GetType().Name}); everything it started has been stopped and removed");
    return 130;
}
catch (BenchException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"bench: failed (everything it started has been stopped and removed): {e}");
    return 1;
}
