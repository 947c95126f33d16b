#!/usr/bin/env bash
# Publishes the function app package (built by ./scripts/publish) to the app that infra/main.bicep deployed.
# usage: infra/publish.sh <resource-group> [deployment-name (default: main)] [package]
set -euo pipefail

rg=${1:?usage: infra/publish.sh <resource-group> [deployment-name] [package]}
deployment=${2:-main}
package=${3:-artifacts/publish/notifier-functions.zip}

if [[ ! -f "$package" ]]; then
  echo "no package at $package: run ./scripts/publish first" >&2
  exit 1
fi

app=$(az deployment group show -g "$rg" -n "$deployment" --query properties.outputs.functionAppName.value -o tsv)
# On Flex Consumption this uses OneDeploy (/api/publish) with an Entra token; basic publishing credentials are off.
az functionapp deployment source config-zip -g "$rg" -n "$app" --src "$package"
