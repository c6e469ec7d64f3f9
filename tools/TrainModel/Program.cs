// Stand-in for `reflect train` / `reflect evaluate` until the CLI wires them:
//   dotnet run -c Release --project tools/TrainModel -- train [--tune] [--tune-criteria] [--cered DIR] [--out FILE]
//   dotnet run -c Release --project tools/TrainModel -- evaluate [MODEL] DATA [--min-confidence X]
using System.Globalization;
using ReflectiveAnalysis;
using ReflectiveAnalysis.Training;

string command = args.Length > 0 ? args[0] : "train";
string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

if (command == "train")
{
    var options = new TrainingOptions
    {
        Tune = args.Contains("--tune"),
        TuneCriteria = args.Contains("--tune-criteria"),
        CeredPath = Option("--cered"),
        OutputPath = Option("--out"),
        Log = Console.WriteLine,
    };
    if (Option("--bits") is { } bits)
    {
        options.HashBits = int.Parse(bits, CultureInfo.InvariantCulture);
    }
    TrainingResult result = ModelTrainer.Train(options);
    Console.WriteLine(result.Format());
    return 0;
}
if (command == "evaluate")
{
    string[] positional = [.. args.Skip(1).Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i].StartsWith("--", StringComparison.Ordinal)))];
    ReflectionModel model = positional.Length > 1 ? ReflectionModel.Load(positional[0]) : ReflectionModel.Default;
    string data = positional[^1];
    double min = Option("--min-confidence") is { } m ? double.Parse(m, CultureInfo.InvariantCulture) : 0;
    Console.WriteLine(ModelEvaluator.Evaluate(model, data, min).Format());
    return 0;
}
Console.Error.WriteLine("usage: train [--tune] | evaluate [MODEL] DATA [--min-confidence X]");
return 2;
