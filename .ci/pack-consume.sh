#!/usr/bin/env bash
# Packs ReflectiveAnalysis into artifacts/packages and builds and runs a one-file consumer that references the
# package (not the project) from that local folder feed, proving the package works as published.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
rm -rf artifacts/packages
dotnet pack src/ReflectiveAnalysis/ReflectiveAnalysis.csproj -c Release -o artifacts/packages
test -f "artifacts/packages/ReflectiveAnalysis.$version.nupkg"
test -f "artifacts/packages/ReflectiveAnalysis.$version.snupkg"

consumer=$(mktemp -d)
trap 'rm -rf "$consumer"' EXIT
cat > "$consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$root/artifacts/packages" />
  </packageSources>
</configuration>
XML
# The machine's own sources stay in force (this config adds to them); the consumer's cache is its own,
# so the package really comes from the local feed.
cat > "$consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <RestorePackagesPath>$consumer/packages</RestorePackagesPath>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="ReflectiveAnalysis" Version="$version" />
  </ItemGroup>
</Project>
XML
cat > "$consumer/Program.cs" <<'CS'
using ReflectiveAnalysis;

var analyzer = ReflectionAnalyzer.CreateDefault();
ReflectionReport report = analyzer.Analyze("I ran a workshop for new staff. Next time I will ask them what they need first.");
Console.WriteLine($"{report.Depth.Label} ({report.Depth.Score}/100), {report.SentenceCount} sentences, model {report.Model.Name}");
return report.SentenceCount == 2 ? 0 : 1;
CS
# Build outside the repository so its Directory.Build.props and central package versions do not apply.
(cd "$consumer" && dotnet run -c Release)
echo "pack-and-consume: ok (ReflectiveAnalysis $version from artifacts/packages)"
