using Microsoft.Extensions.Logging;

namespace Crisp.Core.Sandboxes;

/// <summary>
/// The undo steps of a create in progress: each step that succeeded registers how to take it back; on failure they
/// run in reverse order, each failure logged and the next step run anyway.
/// </summary>
internal sealed class SandboxRollback(ILogger logger, string id)
{
    private readonly Stack<(string Step, Func<Task> Undo)> _steps = new();

    public void Add(string step, Action undo) => Add(step, () =>
    {
        undo();
        return Task.CompletedTask;
    });

    public void Add(string step, Func<Task> undo) => _steps.Push((step, undo));

    public async Task RunAsync()
    {
        while (_steps.TryPop(out var entry))
        {
            try
            {
                await entry.Undo().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                SandboxLog.RollbackStepFailed(logger, id, entry.Step, e);
            }
        }
    }
}
