using System.Collections.Concurrent;
using System.CommandLine;
using ReflectiveAnalysis.Console.Input;
using ReflectiveAnalysis.Console.Output;

namespace ReflectiveAnalysis.Console.Commands;

/// <summary>
/// <c>reflect batch DIR|GLOB --out DIR</c>: scores a cohort's statements in parallel, writing one JSON report per
/// file, <c>summary.csv</c> and <c>cohort.html</c>. A file that cannot be read is reported and skipped; the exit code
/// is 3 when any file failed.
/// </summary>
internal static class BatchCommand
{
    public static Command Create(CliContext context, CommonOptions common)
    {
        var input = new Argument<string>("input") { Description = "A folder (its .txt, .md, .docx and .pdf files) or a pattern such as 'cohort/*.docx' (* and ? in the file name)." };
        var outDir = new Option<string>("--out") { Description = "The folder for the reports, summary.csv and cohort.html (created if missing).", Required = true };
        var parallel = new Option<int>("--parallel") { Description = "Files analysed at once (default: the number of processors).", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("batch", "Score many statements (a cohort) in parallel: one JSON report per file, a CSV summary and a cohort HTML page.")
        {
            input,
            outDir,
            parallel,
        };
        command.SetAction(parse =>
        {
            int degree = parse.GetValue(parallel);
            if (degree < 1)
            {
                context.Error("--parallel must be at least 1");
                return ExitCodes.Usage;
            }
            if (!common.TryGetOptions(parse, context, out ReflectionAnalyzerOptions options))
            {
                return ExitCodes.Input;
            }
            string pattern = parse.GetValue(input)!;
            if (!TryFindFiles(pattern, out List<string> files, out string? problem))
            {
                context.Error(problem!);
                return ExitCodes.Input;
            }
            string outPath = parse.GetValue(outDir)!;
            try
            {
                Directory.CreateDirectory(outPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Error($"cannot create {outPath}: {e.Message}");
                return ExitCodes.Input;
            }

            var analyzer = new ReflectionAnalyzer(options);
            InputLimits limits = InputLimits.Default with { MaxTextLength = options.MaxInputLength };
            InputFormat? formatIn = parse.GetValue(common.FormatIn);
            var results = new CohortEntry[files.Count];
            int done = 0;
            object progressLock = new();
            var names = UniqueReportNames(files);
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = degree }, i =>
            {
                string file = files[i];
                CohortEntry entry;
                try
                {
                    string text = DocumentReader.Read(file, formatIn, TextReader.Null, limits);
                    ReflectionReport report = analyzer.Analyze(text);
                    File.WriteAllText(Path.Combine(outPath, names[i]), report.ToJson() + "\n", new System.Text.UTF8Encoding(false));
                    entry = new CohortEntry(file, report, AnalysisWarnings.For(report, options), null);
                }
                catch (Exception e) when (e is InputException or InputTooLongException or IOException or UnauthorizedAccessException)
                {
                    entry = new CohortEntry(file, null, [], e.Message);
                }
                results[i] = entry;
                lock (progressLock)
                {
                    done++;
                    string status = entry.Error is null ? "ok" : "FAILED: " + entry.Error;
                    context.Stderr.WriteLine($"[{done}/{files.Count}] {Path.GetFileName(file)}: {status}");
                }
            });

            bool written = CommonOptions.TryWrite(Path.Combine(outPath, "summary.csv"), context, w => CohortRenderer.RenderCsv(results, w))
                && CommonOptions.TryWrite(Path.Combine(outPath, "cohort.html"), context, w => CohortRenderer.RenderHtml(results, options, w));
            int failed = results.Count(r => r.Report is null);
            int warned = results.Count(r => r.Warnings.Count > 0);
            context.Stderr.WriteLine($"reflect: {files.Count - failed} of {files.Count} statements analysed, {failed} failed, {warned} with warnings; reports in {outPath}");
            if (!written || failed > 0)
            {
                return ExitCodes.Input;
            }
            return parse.GetValue(common.Strict) && warned > 0 ? ExitCodes.Warnings : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The files a folder or a file-name pattern names, sorted by path.</summary>
    internal static bool TryFindFiles(string pattern, out List<string> files, out string? problem)
    {
        files = [];
        problem = null;
        try
        {
            if (Directory.Exists(pattern))
            {
                files = [.. Directory.EnumerateFiles(pattern).Where(DocumentReader.IsStatementFile).Order(StringComparer.Ordinal)];
            }
            else if (pattern.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                string? folder = Path.GetDirectoryName(pattern);
                folder = string.IsNullOrEmpty(folder) ? "." : folder;
                if (folder.AsSpan().IndexOfAny('*', '?') >= 0)
                {
                    problem = $"wildcards go in the file name only: {pattern}";
                    return false;
                }
                if (!Directory.Exists(folder))
                {
                    problem = $"folder not found: {folder}";
                    return false;
                }
                files = [.. Directory.EnumerateFiles(folder, Path.GetFileName(pattern)).Order(StringComparer.Ordinal)];
            }
            else
            {
                problem = File.Exists(pattern) ? $"{pattern} is a file: batch takes a folder or a pattern (use score for one file)" : $"folder not found: {pattern}";
                return false;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            problem = $"cannot list {pattern}: {e.Message}";
            return false;
        }
        if (files.Count == 0)
        {
            problem = $"no statements (.txt, .md, .docx, .pdf) in {pattern}";
            return false;
        }
        return true;
    }

    /// <summary>Report file names: the input's name plus ".json", numbered when two inputs share a name.</summary>
    private static string[] UniqueReportNames(List<string> files)
    {
        var seen = new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        return [.. files.Select(f =>
        {
            string name = Path.GetFileName(f) + ".json";
            int n = seen.AddOrUpdate(name, 1, (_, c) => c + 1);
            return n == 1 ? name : Path.GetFileName(f) + "." + n + ".json";
        })];
    }
}
