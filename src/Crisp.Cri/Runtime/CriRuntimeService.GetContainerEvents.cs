using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>
    /// The kubelet's evented PLEG stream: every container and pod sandbox event from now on, in order, until the client
    /// goes away. Several streams may be open at once; one that falls 1000 events behind loses events (counted). With
    /// <c>enable_pod_events</c> off the stream ends at once with no events, as CRI-O's. The response headers are sent as
    /// soon as the stream is subscribed.
    /// </summary>
    public override async Task GetContainerEvents(GetEventsRequest request, IServerStreamWriter<ContainerEventResponse> responseStream, ServerCallContext context)
    {
        if (!_config.Current.Runtime.EnablePodEvents)
        {
            return;
        }

        using var subscription = _events.Subscribe();
        try
        {
            // The headers tell the client that it is subscribed: every event from here on reaches it.
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            await foreach (var containerEvent in subscription.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(containerEvent, context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away: the stream is over.
        }
    }
}
