using System.CommandLine;
using ReflectiveAnalysis.Embeddings;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Console.Commands;

/// <summary><c>reflect train</c>: reproduces the shipped model from CEReD and the project's corpus.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var cered = new Option<string?>("--cered") { Description = "The CEReD English folder (train.tsv, val.tsv). Default: ../shared/datasets/cered-en beside the repository." };
        var corpus = new Option<string?>("--corpus") { Description = "The corpus documents folder. Default: data/corpus/documents in the repository." };
        var output = new Option<string?>("--out") { Description = "Where to write the model. Default: src/ReflectiveAnalysis/Resources/fast.ramodel (the embedded default), or for --tier accurate src/ReflectiveAnalysis.Embeddings/Resources/accurate.ramodel." };
        var tier = Tier();
        var tune = new Option<bool>("--tune") { Description = "Search the category hyper-parameters on CEReD val (slow: about 22 minutes for the fast tier, 10 for the accurate)." };
        var tuneCriteria = new Option<bool>("--tune-criteria") { Description = "Choose the criteria regularisation by cross-validation on the corpus train split." };
        var noCache = new Option<bool>("--no-cache") { Description = "Accurate tier with --encoder minilm: neither read nor write the embedding and out-of-fold cache in artifacts/embedding-cache (a full run from scratch)." };
        var encoder = new Option<string?>("--encoder")
        {
            Description = "Accurate tier: the fine-tuned encoder weights (.raenc, written by src/ReflectiveAnalysis.Training.Transformer) to build the model around. " +
                "Default: the one embedded in ReflectiveAnalysis.Embeddings. 'minilm' instead trains a stacked head over the frozen MiniLM-L6 embeddings (the accurate tier before 2.0.0).",
        };
        var teacher = new Option<string?>("--teacher")
        {
            Description = "Fast tier: the fine-tuned encoder weights (.raenc) whose probabilities on the unlabelled CEReD train context sentences the category layer is distilled from. " +
                "Default: the one embedded in ReflectiveAnalysis.Embeddings. 'none' trains on the labelled sentences only.",
        };
        var command = new Command("train", "Train the fast-tier model (categories, criteria, depth) or the accurate tier's category layers with fixed seeds: a rerun gives the same file and metrics.")
        {
            cered, corpus, output, tier, tune, tuneCriteria, noCache, encoder, teacher,
        };
        command.SetAction(parse =>
        {
            if (ParseTier(parse.GetValue(tier), context) is not { } chosenTier)
            {
                return ExitCodes.Usage;
            }
            if (chosenTier == ModelTier.Accurate)
            {
                if (parse.GetValue(teacher) is not null)
                {
                    context.Error("--teacher is for the fast tier; the accurate tier's encoder is given with --encoder");
                    return ExitCodes.Usage;
                }
                return TrainAccurate(parse.GetValue(cered), parse.GetValue(corpus), parse.GetValue(output), parse.GetValue(encoder), parse.GetValue(tune), !parse.GetValue(noCache), context);
            }
            if (parse.GetValue(encoder) is not null)
            {
                context.Error("--encoder is for --tier accurate; the fast tier's teacher is given with --teacher");
                return ExitCodes.Usage;
            }
            return TrainFast(parse.GetValue(cered), parse.GetValue(corpus), parse.GetValue(output), parse.GetValue(tune), parse.GetValue(tuneCriteria), parse.GetValue(teacher), context);
        });
        return command;
    }

    private static int TrainFast(string? cered, string? corpus, string? output, bool tune, bool tuneCriteria, string? teacherFile, CliContext context)
    {
        bool distil = !string.Equals(teacherFile, "none", StringComparison.OrdinalIgnoreCase);
        FineTunedMiniLmEncoder? loaded = null;
        try
        {
            if (distil && teacherFile is not null)
            {
                loaded = FineTunedMiniLmEncoder.Load(teacherFile);
            }
            var options = new TrainingOptions
            {
                CeredPath = cered,
                CorpusPath = corpus,
                OutputPath = output,
                Tune = tune,
                TuneCriteria = tuneCriteria,
                Teacher = loaded,
                Log = line => context.Stderr.WriteLine(line),
            };
            if (!distil)
            {
                options.TeacherWeight = 0;
            }
            TrainingResult result = ModelTrainer.Train(options);
            context.Stdout.Write(result.Format());
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or ModelFormatException)
        {
            context.Error($"training failed: {e.Message}");
            return ExitCodes.Input;
        }
        finally
        {
            loaded?.Dispose();
        }
    }

    private static int TrainAccurate(string? cered, string? corpus, string? output, string? encoder, bool tune, bool useCache, CliContext context)
    {
        bool stacked = string.Equals(encoder, "minilm", StringComparison.OrdinalIgnoreCase);
        if (tune && !stacked)
        {
            context.Error("--tune searches the stacked head of --encoder minilm; the fine-tuned accurate tier has no setting to search (its fast weight is fixed at 1)");
            return ExitCodes.Usage;
        }
        var options = new AccurateTrainingOptions
        {
            CeredPath = cered,
            CorpusPath = corpus,
            OutputPath = output,
            Tune = tune,
            UseCache = useCache,
            Log = line => context.Stderr.WriteLine(line),
        };
        try
        {
            AccurateTrainingResult result;
            if (stacked)
            {
                result = AccurateTrainer.Train(options, MiniLmSentenceEncoder.Shared);
            }
            else if (encoder is null)
            {
                result = AccurateTrainer.Compose(options, FineTunedMiniLmEncoder.Shared);
            }
            else
            {
                using FineTunedMiniLmEncoder loaded = FineTunedMiniLmEncoder.Load(encoder);
                result = AccurateTrainer.Compose(options, loaded);
            }
            context.Stdout.Write(result.Format());
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or ModelFormatException)
        {
            context.Error($"training failed: {e.Message}");
            return ExitCodes.Input;
        }
    }

    /// <summary>The <c>--tier</c> option shared by score, train, evaluate and classify.</summary>
    public static Option<string> Tier() => new("--tier")
    {
        Description = "fast (the default: the core's embedded model) or accurate (ReflectiveAnalysis.Embeddings: the core's model blended with MiniLM-L6 fine-tuned on reflective writing; slower).",
        DefaultValueFactory = _ => "fast",
    };

    /// <summary>The tier named, or null (after a one-line error) when it is neither <c>fast</c> nor <c>accurate</c>.</summary>
    public static ModelTier? ParseTier(string? tier, CliContext context)
    {
        if (string.Equals(tier, "fast", StringComparison.OrdinalIgnoreCase))
        {
            return ModelTier.Fast;
        }
        if (string.Equals(tier, "accurate", StringComparison.OrdinalIgnoreCase))
        {
            return ModelTier.Accurate;
        }
        context.Error($"unknown tier '{tier}': use fast or accurate");
        return null;
    }

    /// <summary>
    /// Applies <c>--tier</c> to analyzer options from <see cref="CommonOptions.TryGetOptions"/>: the accurate tier uses
    /// the Embeddings package's model unless <c>--model</c> named one, and any model that reads sentence embeddings gets
    /// the encoder it names (<see cref="AccurateTier.EncoderFor"/>). False (after a one-line error) for an unknown tier.
    /// </summary>
    public static bool TryApplyTier(string? tier, CliContext context, ref ReflectionAnalyzerOptions options)
    {
        if (ParseTier(tier, context) is not { } chosen)
        {
            return false;
        }
        if (chosen == ModelTier.Accurate && options.Model is null)
        {
            options = options with { Model = AccurateTier.Model };
        }
        if (options.Model is { SentenceEncoderName: not null } model)
        {
            options = options with { SentenceEncoder = AccurateTier.EncoderFor(model) ?? MiniLmSentenceEncoder.Shared };
        }
        return true;
    }
}

/// <summary>The model tiers the commands offer.</summary>
internal enum ModelTier
{
    /// <summary>The core's embedded model.</summary>
    Fast,

    /// <summary>The Embeddings package's model with MiniLM.</summary>
    Accurate,
}
