using Crisp.Daemon.Commands;

return await CrispCommandLine.Build().Parse(Crisp.Ctl.CtlCommand.NormalizeArgs(args)).InvokeAsync().ConfigureAwait(false);
