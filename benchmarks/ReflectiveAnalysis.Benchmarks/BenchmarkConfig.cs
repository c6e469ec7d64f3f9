using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>Default columns plus throughput in the reader's units; Markdown (GitHub) and CSV exports.</summary>
public static class BenchmarkConfig
{
    public static IConfig Create() => ManualConfig.CreateEmpty()
        .AddLogger([.. DefaultConfig.Instance.GetLoggers()])
        .AddColumnProvider([.. DefaultConfig.Instance.GetColumnProviders()])
        .AddAnalyser([.. DefaultConfig.Instance.GetAnalysers()])
        .AddValidator([.. DefaultConfig.Instance.GetValidators()])
        .AddColumn(
            new ThroughputColumn("MB/s", "Megabytes (10^6) of UTF-16 input per second", s => s.Bytes / 1e6),
            new ThroughputColumn("Mtokens/s", "Millions of tokens (as our tokenizer counts them) per second", s => s.Tokens / 1e6),
            new ThroughputColumn("sentences/s", "Sentences (as our segmenter counts them) per second", s => s.Sentences),
            new AllocatedPerSentenceColumn())
        .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default)
        .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory) // ratios within a category (AnalyzerBenchmarks: statement rows vs corpus row)
        .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend))
        .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);

    internal static InputStats? StatsOf(BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<InputAttribute>() is not { } attribute)
        {
            return null;
        }
        int kilobytes = attribute.Input is Input.CorpusPrefix or Input.CorpusPieces ? Convert.ToInt32(benchmarkCase.Parameters["Kilobytes"], CultureInfo.InvariantCulture) : 0;
        return Corpora.Stats(attribute.Input, kilobytes);
    }
}

/// <summary>Units of work per second, from the mean time of one operation over the method's <see cref="InputAttribute"/>.</summary>
public sealed class ThroughputColumn(string name, string legend, Func<InputStats, double> units) : IColumn
{
    public string Id => nameof(ThroughputColumn) + "." + ColumnName;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        InputStats? stats = BenchmarkConfig.StatsOf(benchmarkCase);
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (stats is null || meanNs is null or <= 0)
        {
            return "-";
        }
        double perSecond = units(stats.Value) / (meanNs.Value / 1e9);
        return perSecond.ToString(perSecond >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public override string ToString() => ColumnName;
}

/// <summary>Bytes allocated per operation divided by the sentences in the input.</summary>
public sealed class AllocatedPerSentenceColumn : IColumn
{
    public string Id => nameof(AllocatedPerSentenceColumn);
    public string ColumnName => "Alloc/sentence";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Managed bytes allocated per operation divided by the sentences in the input";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        InputStats? stats = BenchmarkConfig.StatsOf(benchmarkCase);
        BenchmarkReport? report = summary[benchmarkCase];
        long? bytes = report?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        if (stats is null || bytes is null || stats.Value.Sentences == 0)
        {
            return "-";
        }
        return ((double)bytes.Value / stats.Value.Sentences).ToString("N1", CultureInfo.InvariantCulture) + " B";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public override string ToString() => ColumnName;
}
