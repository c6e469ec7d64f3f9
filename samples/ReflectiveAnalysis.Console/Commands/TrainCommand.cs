using System.CommandLine;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Console.Commands;

/// <summary><c>reflect train</c>: reproduces the shipped model from CEReD and the project's corpus.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var cered = new Option<string?>("--cered") { Description = "The CEReD English folder (train.tsv, val.tsv). Default: ../shared/datasets/cered-en beside the repository." };
        var corpus = new Option<string?>("--corpus") { Description = "The corpus documents folder. Default: data/corpus/documents in the repository." };
        var output = new Option<string?>("--out") { Description = "Where to write the model. Default: src/ReflectiveAnalysis/Resources/fast.ramodel (the embedded default)." };
        var tier = Tier();
        var tune = new Option<bool>("--tune") { Description = "Search the category hyper-parameters on CEReD val (slow: about 15 minutes)." };
        var tuneCriteria = new Option<bool>("--tune-criteria") { Description = "Choose the criteria regularisation by cross-validation on the corpus train split." };
        var command = new Command("train", "Train the fast-tier model (categories, criteria, depth) with fixed seeds: a rerun gives the same file and metrics.")
        {
            cered, corpus, output, tier, tune, tuneCriteria,
        };
        command.SetAction(parse =>
        {
            if (!FastTierOnly(parse.GetValue(tier), context))
            {
                return ExitCodes.Usage;
            }
            var options = new TrainingOptions
            {
                CeredPath = parse.GetValue(cered),
                CorpusPath = parse.GetValue(corpus),
                OutputPath = parse.GetValue(output),
                Tune = parse.GetValue(tune),
                TuneCriteria = parse.GetValue(tuneCriteria),
                Log = line => context.Stderr.WriteLine(line),
            };
            try
            {
                TrainingResult result = ModelTrainer.Train(options);
                context.Stdout.Write(result.Format());
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
            {
                context.Error($"training failed: {e.Message}");
                return ExitCodes.Input;
            }
        });
        return command;
    }

    /// <summary>The <c>--tier</c> option shared by train, evaluate and classify.</summary>
    public static Option<string> Tier() => new("--tier")
    {
        Description = "fast (the default; the accurate, embeddings-based tier is not part of this version).",
        DefaultValueFactory = _ => "fast",
    };

    /// <summary>False (after a one-line error) unless the tier is <c>fast</c>.</summary>
    public static bool FastTierOnly(string? tier, CliContext context)
    {
        if (string.Equals(tier, "fast", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        context.Error(string.Equals(tier, "accurate", StringComparison.OrdinalIgnoreCase)
            ? "the accurate tier (ReflectiveAnalysis.Embeddings) is not part of this version; use --tier fast"
            : $"unknown tier '{tier}': use fast");
        return false;
    }
}
