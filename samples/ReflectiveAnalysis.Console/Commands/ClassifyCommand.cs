using System.CommandLine;
using System.Text.Json;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Console.Commands;

/// <summary>
/// <c>reflect classify [FILE|-] --unit sentence|paragraph|document</c>: one JSON line per input record, in input
/// order. Input is one text per line, JSON Lines with a <c>text</c> field (and optional <c>context</c> and <c>id</c>),
/// or CEReD TSV. With <c>--unit sentence</c> a record is one sentence, never split; with <c>--unit paragraph</c> one
/// paragraph, even without blank lines.
/// </summary>
internal static class ClassifyCommand
{
    private enum Unit
    {
        Sentence,
        Paragraph,
        Document,
    }

    private enum RecordFormat
    {
        Auto,
        Lines,
        Jsonl,
        Cered,
    }

    private sealed record InputRecord(string? Id, string Text, string? Context);

    public static Command Create(CliContext context, CommonOptions common)
    {
        var input = new Argument<string>("input") { Description = "The records: a file, or - for standard input.", DefaultValueFactory = _ => "-" };
        var unit = new Option<Unit>("--unit") { Description = "What each record is: sentence, paragraph or document.", DefaultValueFactory = _ => Unit.Sentence };
        var format = new Option<RecordFormat>("--input-format") { Description = "auto (by extension and first line), lines, jsonl or cered.", DefaultValueFactory = _ => RecordFormat.Auto };
        var tier = TrainCommand.Tier();
        var command = new Command("classify", "Classify records for research and pipelines: JSON Lines out, one object per record, in input order.")
        {
            input, unit, format, tier,
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
            string path = parse.GetValue(input)!;
            List<InputRecord> records;
            try
            {
                string text = path == "-" ? context.Stdin.ReadToEnd() : File.ReadAllText(path);
                records = Read(text, parse.GetValue(format), path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException)
            {
                context.Error($"cannot read records from {(path == "-" ? "standard input" : path)}: {e.Message}");
                return ExitCodes.Input;
            }

            ReflectionModel model = options.Model ?? ReflectionModel.Default;
            var analyzer = new ReflectionAnalyzer(options);
            SentenceClassifier? classifier = null;
            if (parse.GetValue(unit) == Unit.Sentence)
            {
                try
                {
                    classifier = new SentenceClassifier(model, options.SentenceEncoder);
                }
                catch (ArgumentException e)
                {
                    context.Error(e.Message);
                    return ExitCodes.Input;
                }
            }
            for (int i = 0; i < records.Count; i++)
            {
                string line;
                try
                {
                    line = parse.GetValue(unit) switch
                    {
                        Unit.Sentence => SentenceLine(i, records[i], classifier!),
                        Unit.Paragraph => ParagraphLine(i, records[i], analyzer),
                        _ => string.IsNullOrWhiteSpace(records[i].Text) ? ErrorLine(i, records[i], "empty text") : analyzer.Analyze(records[i].Text).ToJson(indented: false),
                    };
                }
                catch (InputTooLongException e)
                {
                    line = ErrorLine(i, records[i], e.Message);
                }
                context.Stdout.Write(line + "\n");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<InputRecord> Read(string text, RecordFormat format, string path)
    {
        string[] lines = text.Split('\n');
        string first = lines.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        if (format == RecordFormat.Auto)
        {
            format = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || first.StartsWith("idx\t", StringComparison.Ordinal) ? RecordFormat.Cered
                : path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || first.StartsWith('{') ? RecordFormat.Jsonl
                : RecordFormat.Lines;
        }
        var records = new List<InputRecord>();
        bool header = format == RecordFormat.Cered;
        foreach (string raw in lines)
        {
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }
            switch (format)
            {
                case RecordFormat.Lines:
                    records.Add(new InputRecord(null, line, null));
                    break;
                case RecordFormat.Jsonl:
                    using (JsonDocument json = JsonDocument.Parse(line))
                    {
                        JsonElement root = json.RootElement;
                        string recordText = root.TryGetProperty("text", out JsonElement t) && t.ValueKind == JsonValueKind.String
                            ? t.GetString()! : throw new FormatException($"record {records.Count + 1} has no string field \"text\"");
                        string? recordContext = root.TryGetProperty("context", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                        string? id = root.TryGetProperty("id", out JsonElement d) ? d.ToString() : null;
                        records.Add(new InputRecord(id, recordText, recordContext));
                    }
                    break;
                case RecordFormat.Cered:
                    if (header)
                    {
                        header = false;
                        if (line.StartsWith("idx\t", StringComparison.Ordinal))
                        {
                            continue;
                        }
                    }
                    string[] columns = line.Split('\t');
                    if (columns.Length < 3)
                    {
                        throw new FormatException($"CEReD line {records.Count + 2} has {columns.Length} columns; idx, context and sentence are needed");
                    }
                    records.Add(new InputRecord(columns[0], columns[2], columns[1]));
                    break;
            }
        }
        return records;
    }

    private static string SentenceLine(int index, InputRecord record, SentenceClassifier classifier)
    {
        if (string.IsNullOrWhiteSpace(record.Text))
        {
            return ErrorLine(index, record, "empty text");
        }
        SentencePrediction prediction = classifier.Classify(record.Text, record.Context);
        return Write(writer =>
        {
            Start(writer, index, record);
            writer.WriteString("category", ReflectiveTaxonomy.ToName(prediction.Category));
            writer.WriteString("mode", ReflectiveTaxonomy.ToName(prediction.Mode));
            writer.WriteNumber("confidence", prediction.Confidence);
            writer.WriteStartObject("probabilities");
            foreach (ReflectiveCategory category in Enum.GetValues<ReflectiveCategory>())
            {
                writer.WriteNumber(ReflectiveTaxonomy.ToName(category), prediction.Probabilities[category]);
            }
            writer.WriteEndObject();
        });
    }

    private static string ParagraphLine(int index, InputRecord record, ReflectionAnalyzer analyzer)
    {
        // One record is one paragraph: line breaks inside it are read as spaces, so no blank line or heading splits it.
        string text = string.Join(' ', record.Text.Split(['\r', '\n', '\u2028', '\u2029', '\u0085'], StringSplitOptions.RemoveEmptyEntries));
        ReflectionReport report = analyzer.Analyze(text);
        if (report.Paragraphs.IsEmpty)
        {
            return ErrorLine(index, record, "empty text");
        }
        ParagraphReport paragraph = report.Paragraphs[0];
        return Write(writer =>
        {
            Start(writer, index, record);
            writer.WriteString("mode", ReflectiveTaxonomy.ToName(paragraph.Mode));
            writer.WriteStartObject("criteria");
            foreach (Criterion criterion in Enum.GetValues<Criterion>())
            {
                writer.WriteNumber(ReflectiveTaxonomy.ToName(criterion), paragraph.Criteria[criterion]);
            }
            writer.WriteEndObject();
            writer.WriteStartObject("depth");
            writer.WriteNumber("level", paragraph.Depth.Level);
            writer.WriteNumber("score", paragraph.Depth.Score);
            writer.WriteEndObject();
            writer.WriteNumber("sentences", paragraph.Sentences.Length);
        });
    }

    private static string ErrorLine(int index, InputRecord record, string error) => Write(writer =>
    {
        Start(writer, index, record);
        writer.WriteString("error", error);
    });

    private static void Start(Utf8JsonWriter writer, int index, InputRecord record)
    {
        writer.WriteNumber("index", index);
        if (record.Id is not null)
        {
            writer.WriteString("id", record.Id);
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
