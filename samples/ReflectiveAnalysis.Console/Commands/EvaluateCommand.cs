using System.CommandLine;
using System.Text.Json;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Console.Commands;

/// <summary><c>reflect evaluate --data PATH</c>: accuracy, macro-F1, kappa, per-class scores and confusion matrices.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context, CommonOptions common)
    {
        var data = new Option<string>("--data")
        {
            Description = "A CEReD TSV file or folder (its val.tsv), or a corpus folder (its held-out test split: sentences, criteria and depth).",
            Required = true,
        };
        var minConfidence = new Option<double>("--min-confidence") { Description = "CEReD only: keep sentences whose mean annotator typicality is at least this (the dataset authors use 3)." };
        var predictions = new Option<string?>("--predictions") { Description = "CEReD only: also write one JSON line per sentence (idx, gold, category, mode, confidence) to FILE." };
        var tier = TrainCommand.Tier();
        var command = new Command("evaluate", "Evaluate a model: the fine (9), mode (3) and binary schemes, calibration, and on the corpus the criteria and depth.")
        {
            data, minConfidence, predictions, tier,
        };
        command.SetAction(parse =>
        {
            if (!common.TryGetOptions(parse, context, out ReflectionAnalyzerOptions options))
            {
                return ExitCodes.Input;
            }
            if (!TrainCommand.TryApplyTier(parse.GetValue(tier), context, ref options))
            {
                return ExitCodes.Usage;
            }
            ReflectionModel model = options.Model ?? ReflectionModel.Default;
            string path = parse.GetValue(data)!;
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                context.Error($"not found: {path}");
                return ExitCodes.Input;
            }
            try
            {
                context.Stdout.Write(ModelEvaluator.Evaluate(model, path, parse.GetValue(minConfidence), options.SentenceEncoder).Format());
                if (parse.GetValue(predictions) is { } predictionsPath)
                {
                    string tsv = File.Exists(path) ? path : Path.Combine(path, "val.tsv");
                    if (!File.Exists(tsv))
                    {
                        context.Error("--predictions needs CEReD TSV data");
                        return ExitCodes.Usage;
                    }
                    WritePredictions(model, options.SentenceEncoder, CeredReader.Read(tsv).Where(r => r.MeanConfidence >= parse.GetValue(minConfidence)), predictionsPath);
                }
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or JsonException or ArgumentException)
            {
                context.Error($"cannot evaluate {path}: {e.Message}");
                return ExitCodes.Input;
            }
        });
        return command;
    }

    private static void WritePredictions(ReflectionModel model, ISentenceEncoder? encoder, IEnumerable<CeredRecord> records, string path)
    {
        var classifier = new SentenceClassifier(model, encoder);
        using FileStream file = File.Create(path);
        foreach (CeredRecord record in records)
        {
            SentencePrediction prediction = classifier.Classify(record.Sentence, record.Context);
            using (var writer = new Utf8JsonWriter(file))
            {
                writer.WriteStartObject();
                writer.WriteString("idx", record.Id);
                writer.WriteString("gold", ReflectiveTaxonomy.ToName(record.Category));
                writer.WriteString("category", ReflectiveTaxonomy.ToName(prediction.Category));
                writer.WriteString("mode", ReflectiveTaxonomy.ToName(prediction.Mode));
                writer.WriteNumber("confidence", prediction.Confidence);
                writer.WriteEndObject();
            }
            file.WriteByte((byte)'\n');
        }
    }
}
