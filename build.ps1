#!/usr/bin/env pwsh
# Runs the deploy pipeline: ./build.ps1 --target=DeployStaging [--dry-run]. Arguments pass through unchanged.
$ErrorActionPreference = 'Stop'
$RequiredMajor = 10
$Root = $PSScriptRoot

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error "The .NET $RequiredMajor SDK is required but 'dotnet' is not on PATH. Install it from https://dot.net/download or with dotnet-install.ps1 -Channel $RequiredMajor.0"
    exit 127
}

$sdks = & dotnet --list-sdks
if (-not ($sdks | Where-Object { $_ -match "^$RequiredMajor\." })) {
    Write-Error "A .NET $RequiredMajor SDK is required (global.json); installed: $($sdks -join ', '). Install it from https://dot.net/download"
    exit 127
}

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
Set-Location $Root
& dotnet build "$Root/build/Build.csproj" -c Debug --nologo -v quiet "-clp:NoSummary;ErrorsOnly"
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& dotnet "$Root/build/bin/Debug/net10.0/Build.dll" @args
exit $LASTEXITCODE
