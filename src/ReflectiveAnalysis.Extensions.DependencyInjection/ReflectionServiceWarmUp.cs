using Microsoft.Extensions.Hosting;

namespace ReflectiveAnalysis.Extensions.DependencyInjection;

/// <summary>
/// Creates the shared <see cref="IReflectionService"/> while the host starts, so the model is loaded (and a bad model
/// file stops the host) before the first request rather than during it.
/// </summary>
internal sealed class ReflectionServiceWarmUp(IReflectionService service) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(service);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
