using System.Diagnostics;
using Grpc.Core;

namespace Crisp.Bench.Lifecycle.Phases;

/// <summary>A CRI call that failed (or answered wrongly): which phase, which call, the gRPC status and message.</summary>
internal sealed record RpcFailure(string Phase, string Operation, string Code, string Detail, double ElapsedMs);

/// <summary>A CRI call of a phase failed; carries the call's name and how long it took to fail.</summary>
internal sealed class OperationFailedException(string operation, string code, string detail, TimeSpan elapsed, Exception? inner = null)
    : Exception($"{operation} failed: {code}: {detail}", inner)
{
    public string Operation { get; } = operation;

    public string Code { get; } = code;

    public string Detail { get; } = detail;

    public TimeSpan Elapsed { get; } = elapsed;
}

/// <summary>
/// Times CRI calls (client side: request sent to response received, milliseconds) by operation name, and keeps the
/// failures. Every call gets a 2-minute deadline, so a hung daemon shows up as a DeadlineExceeded failure.
/// </summary>
internal sealed class Recorder
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, List<double>> _samples = new(StringComparer.Ordinal);
    private readonly List<RpcFailure> _failures = [];

    /// <summary>False during warm-up: calls are made and checked but not kept.</summary>
    public bool Keeping { get; set; } = true;

    public IReadOnlyList<RpcFailure> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    public async Task<T> TimeAsync<T>(string operation, Func<DateTime, Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await call(DateTime.UtcNow.Add(CallTimeout));
            clock.Stop();
            Add(operation, clock.Elapsed.TotalMilliseconds);
            return result;
        }
        catch (RpcException e)
        {
            throw new OperationFailedException(operation, e.StatusCode.ToString(), e.Status.Detail, clock.Elapsed, e);
        }
    }

    public void Add(string operation, double milliseconds)
    {
        if (!Keeping)
        {
            return;
        }

        lock (_samples)
        {
            if (!_samples.TryGetValue(operation, out var list))
            {
                _samples[operation] = list = [];
            }

            list.Add(milliseconds);
        }
    }

    public void Fail(string phase, OperationFailedException e)
    {
        var failure = new RpcFailure(phase, e.Operation, e.Code, e.Detail, Math.Round(e.Elapsed.TotalMilliseconds, 1));
        lock (_failures)
        {
            _failures.Add(failure);
        }

        Console.Error.WriteLine($"bench: {phase}: {e.Operation} failed after {failure.ElapsedMs} ms: {e.Code}: {e.Detail}");
    }

    public IReadOnlyList<double> Samples(string operation)
    {
        lock (_samples)
        {
            return _samples.TryGetValue(operation, out var list) ? [.. list] : [];
        }
    }

    public IReadOnlyDictionary<string, Latency> Summaries(IEnumerable<string> operations) =>
        operations.ToDictionary(o => o, o => Latency.Of(Samples(o)), StringComparer.Ordinal);
}
