using ReflectiveAnalysis.Console;

return ReflectCli.Run(args, Console.In, Console.Out, Console.Error, stdoutIsTerminal: !Console.IsOutputRedirected);
