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
}
