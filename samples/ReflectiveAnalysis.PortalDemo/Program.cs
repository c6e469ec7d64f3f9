// The ReflectiveAnalysis portal demo: one page (wwwroot/index.html) with a statement editor and the
// <reflective-feedback> widget, the analysis endpoint at POST /reflect/analyze and its OpenAPI description at
// /openapi/v1.json. Run: dotnet run --project samples/ReflectiveAnalysis.PortalDemo --urls http://127.0.0.1:5080
using ReflectiveAnalysis.Extensions.DependencyInjection;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddReflectiveAnalysis(builder.Configuration.GetSection(ReflectiveAnalysisOptions.SectionName));
builder.Services.AddOpenApi();

WebApplication app = builder.Build();
app.UseDefaultFiles(); // "/" is wwwroot/index.html
app.UseRouting();      // after the rewrite above, so "/" routes to the static index.html
app.MapStaticAssets(); // the page, and /_content/ReflectiveAnalysis.AspNetCore/reflective-feedback.js
app.MapOpenApi();
app.MapReflectiveAnalysis("/reflect", builder.Configuration.GetValue<long?>("PortalDemo:MaxRequestBodySize"));
app.Run();

/// <summary>The demo's entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
