// The gateway process of gateway mode Process: the Strata host starts it, and it runs only the
// fast path (src/Strata.Server/Gateway/ProcessMode/GatewayProcessProgram.cs says how).
return await Strata.Server.Gateway.ProcessMode.GatewayProcessProgram.RunAsync(args).ConfigureAwait(false);
