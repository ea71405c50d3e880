using Crisp.IntegrationTests.Harness;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>Every RPC of the CRI v1 services is served: answered, or refused as Unimplemented with a message naming it.</summary>
public sealed class AllRpcsTests
{
    private static readonly Marshaller<byte[]> _bytes = Marshallers.Create(b => b, b => b);

    [Fact]
    public async Task EveryRpc_EmptyRequest_AnsweredOrUnimplementedWithMessage()
    {
        await using var daemon = await CrispDaemon.StartAsync();
        var invoker = daemon.Channel.CreateCallInvoker();
        var services = new[] { RuntimeService.Descriptor, ImageService.Descriptor };
        var answered = new List<string>();

        foreach (var method in services.SelectMany(s => s.Methods))
        {
            var outcome = await CallAsync(invoker, method);
            if (outcome.StatusCode == StatusCode.Unimplemented)
            {
                outcome.Detail.ShouldContain(method.Name, customMessage: $"{method.FullName} is not registered on the server");
            }
            else
            {
                answered.Add(method.Name);
            }
        }

        services.Sum(s => s.Methods.Count).ShouldBeGreaterThanOrEqualTo(41);
        answered.ShouldContain("Version");
        answered.ShouldContain("Status");
        answered.ShouldContain("RuntimeConfig");
        answered.ShouldContain("UpdateRuntimeConfig");
        daemon.HasExited.ShouldBeFalse();
    }

    private static async Task<Status> CallAsync(CallInvoker invoker, MethodDescriptor method)
    {
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10));
        try
        {
            if (method.IsServerStreaming)
            {
                var streaming = new Method<byte[], byte[]>(MethodType.ServerStreaming, method.Service.FullName, method.Name, _bytes, _bytes);
                using var call = invoker.AsyncServerStreamingCall(streaming, null, options, []);
                await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
            }
            else
            {
                var unary = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, _bytes, _bytes);
                await invoker.AsyncUnaryCall(unary, null, options, []);
            }

            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }
}
