using Crisp.Daemon.Commands;

return await CrispCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
