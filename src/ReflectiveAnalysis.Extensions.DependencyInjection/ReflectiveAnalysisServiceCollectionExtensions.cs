using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReflectiveAnalysis;
using ReflectiveAnalysis.Extensions.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ReflectiveAnalysis in a service collection.</summary>
public static class ReflectiveAnalysisServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="ReflectionAnalyzer"/> and the <see cref="IReflectionService"/> around it
    /// (both singletons), with settings from <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes to the default settings, or null to keep them.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <remarks>
    /// The settings are validated when the host starts (the same rules as <see cref="ReflectionAnalyzerOptions.Validate"/>,
    /// and the model file must exist); the model is loaded then too. Calling this again adds further
    /// <paramref name="configure"/> steps but no second analyzer.
    /// </remarks>
    public static IServiceCollection AddReflectiveAnalysis(this IServiceCollection services, Action<ReflectiveAnalysisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<ReflectiveAnalysisOptions> builder = services.AddOptions<ReflectiveAnalysisOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }
        return AddCore(services, builder);
    }

    /// <summary>
    /// Registers one shared <see cref="ReflectionAnalyzer"/> and the <see cref="IReflectionService"/> around it
    /// (both singletons), with settings bound from <paramref name="configuration"/> and then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">
    /// The section holding the settings, usually <c>builder.Configuration.GetSection(ReflectiveAnalysisOptions.SectionName)</c>;
    /// keys are the property names of <see cref="ReflectiveAnalysisOptions"/>.
    /// </param>
    /// <param name="configure">Changes applied after binding, or null.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddReflectiveAnalysis(this IServiceCollection services, IConfiguration configuration, Action<ReflectiveAnalysisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        OptionsBuilder<ReflectiveAnalysisOptions> builder = services.AddOptions<ReflectiveAnalysisOptions>().Bind(configuration);
        if (configure is not null)
        {
            builder.Configure(configure);
        }
        return AddCore(services, builder);
    }

    private static IServiceCollection AddCore(IServiceCollection services, OptionsBuilder<ReflectiveAnalysisOptions> builder)
    {
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReflectiveAnalysisOptions>, ReflectiveAnalysisOptionsValidator>());
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton<IReflectionService, ReflectionService>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IReflectionService>().Analyzer);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, ReflectionServiceWarmUp>());
        return services;
    }
}
