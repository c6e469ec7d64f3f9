using System.Reflection;

namespace ReflectiveAnalysis.Tests;

/// <summary>Rules the public API keeps: classes are sealed or static, report types are immutable.</summary>
public sealed class ApiRulesTests
{
    private static readonly Type[] s_publicTypes = typeof(ReflectionAnalyzer).Assembly.GetExportedTypes();

    [Fact]
    public void PublicClasses_AreSealedOrStatic()
    {
        string[] open = [.. s_publicTypes.Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract).Select(t => t.FullName!)];
        Assert.Empty(open);
    }

    [Fact]
    public void ReportTypes_HaveNoPublicSetters()
    {
        Type[] reportTypes = [typeof(ReflectionReport), typeof(DepthAssessment), typeof(ParagraphReport), typeof(SentenceReport), typeof(ModeShares), typeof(CriteriaScores), typeof(CategoryProbabilities), typeof(FeedbackItem), typeof(CueReport), typeof(DriverReport), typeof(ModelInfo)];
        foreach (Type type in reportTypes)
        {
            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                MethodInfo? setter = property.SetMethod;
                bool initOnly = setter is null || setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");
                Assert.True(initOnly, $"{type.Name}.{property.Name} has a public setter");
            }
        }
    }

    [Fact]
    public void ReadmeQuickStart_Compiles_AndRuns()
    {
        // The README's quick start, verbatim in spirit: keep the two in step.
        var analyzer = ReflectionAnalyzer.CreateDefault();
        ReflectionReport report = analyzer.Analyze("I ran a workshop. Next time I will ask the users first.");
        string summary = $"{report.Depth.Label} ({report.Depth.Score}/100)";
        Assert.False(string.IsNullOrEmpty(summary));
        Assert.NotEmpty(report.Feedback);
        Assert.StartsWith("{", report.ToJson(), StringComparison.Ordinal);
    }
}
