using BenchmarkDotNet.Running;
using ReflectiveAnalysis.Benchmarks;

// Pick benchmarks from the command line, e.g.:
//   dotnet run -c Release --project benchmarks/ReflectiveAnalysis.Benchmarks -- --filter '*Tokenizer*' --job short
Console.WriteLine(Corpora.Describe());
BenchmarkSwitcher.FromAssembly(typeof(Corpora).Assembly).Run(args, BenchmarkConfig.Create());
