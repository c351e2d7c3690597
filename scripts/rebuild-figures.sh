#!/usr/bin/env bash
# Rebuild figures: how long a consumer waits for `dotnet build` after a one-line edit of its own Program.cs, on the
# package path (Realtime.Api), on the generator path as the README lays it out (Realtime.Generator + Realtime.Runtime
# over the page in a class library of its own, which the app references) and with the generator in the app itself.
#
# Usage: scripts/rebuild-figures.sh [-n EDITS] [-p PAGE] [-k]
#   -n EDITS  timed one-line edits per path (default 5)
#   -p PAGE   the reference page for the generator paths (default ../shared/openai-docs/realtime-after.md)
#   -k        keep the temporary folder (its path is printed) to look at the consumers or their binlogs
#
# It packs the packages (the README's pack command) into a temporary folder feed, creates fresh consumer projects
# outside the repository that restore from that feed, builds each once, then times `dotnet build --no-restore` after
# each edit, with the build servers on as a developer has them. It prints median and minimum seconds per path and the
# ratio of each generator path to the package path.
set -euo pipefail

# The build servers as a developer has them: this machine's environment (like many CI ones) turns off the compiler
# server and MSBuild node reuse, which would time a cold compiler on every build. Servers started here idle out.
unset UseSharedCompilation MSBUILDDISABLENODEREUSE DOTNET_CLI_USE_MSBUILD_SERVER

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
edits=5
page="$repo_root/../shared/openai-docs/realtime-after.md"
keep=false
while getopts "n:p:k" option; do
  case "$option" in
    n) edits="$OPTARG" ;;
    p) page="$OPTARG" ;;
    k) keep=true ;;
    *) sed -n '2,13p' "$0" >&2; exit 2 ;;
  esac
done
if ! [[ "$edits" =~ ^[1-9][0-9]*$ ]]; then
  echo "rebuild-figures: -n needs a positive number of edits, got '$edits'" >&2
  exit 2
fi
if [[ ! -f "$page" ]]; then
  echo "rebuild-figures: the page '$page' does not exist (pass -p PAGE)" >&2
  exit 2
fi
page="$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"

work="$(mktemp -d "${TMPDIR:-/tmp}/realtime-rebuild-XXXXXX")"
cleanup() {
  if [[ "$keep" == true ]]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# Runs a command with its output in a log; on failure prints the log's tail and stops.
run_logged() {
  local log="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "rebuild-figures: '$*' failed (log: $log):" >&2
    tail -n 40 "$log" >&2
    keep=true
    exit 1
  fi
}

version="0.1.0"
feed="$work/feed"
echo "packing into $feed ..."
run_logged "$work/pack.log" dotnet pack "$repo_root/packages.slnf" -c Release -o "$feed" -p:Version="$version" -nologo

# Stop MSBuild's upward search for Directory.Build.* and Directory.Packages.props at the temporary folder.
for guard in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
  echo "<Project />" >"$work/$guard"
done

# Restore from the feed, every other package from the machine's package folder, into a private package folder so a
# package of the same version from an earlier run is never picked up.
machine_packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <clear />
    <add key="realtime-feed" value="$feed" />
    <add key="machine-packages" value="$machine_packages" />
  </packageSources>
</configuration>
EOF

common_properties='<TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>'
generator_references="<PackageReference Include=\"Realtime.Generator\" Version=\"$version\" PrivateAssets=\"all\" />
    <PackageReference Include=\"Realtime.Runtime\" Version=\"$version\" />"

write_project() {
  local dir="$1" output_type="$2" properties="$3" items="$4"
  mkdir -p "$dir"
  cat >"$dir/$(basename "$dir").csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>$output_type</OutputType>
    $common_properties
    $properties
  </PropertyGroup>
  <ItemGroup>
    $items
  </ItemGroup>
</Project>
EOF
}

# The app: reads a server event and dispatches it, so the build binds against the typed API. The last line is the
# one each edit rewrites.
write_program() {
  cat >"$1/Program.cs" <<'EOF'
var created = Realtime.Api.RealtimeJson.DeserializeRealtimeServerEvent(
    """{"type":"conversation.created","event_id":"event_1","conversation":{"id":"conv_1","object":"realtime.conversation"}}"""u8);
Console.WriteLine(created is Realtime.Api.ConversationCreatedEvent { EventId: "event_1" } ? "created" : "unexpected");
Console.WriteLine("edit 0");
EOF
}

paths=(package library generator)
write_project "$work/package" Exe "" "<PackageReference Include=\"Realtime.Api\" Version=\"$version\" />"
write_project "$work/generator" Exe "<RealtimeDocsPath>$page</RealtimeDocsPath>" "$generator_references"
write_project "$work/api" Library "<RealtimeDocsPath>$page</RealtimeDocsPath>" "$generator_references"
write_project "$work/library" Exe "" "<ProjectReference Include=\"../api/api.csproj\" />"
for path in "${paths[@]}"; do
  write_program "$work/$path"
done

for path in "${paths[@]}"; do
  echo "restoring and building the $path consumer once ..."
  run_logged "$work/$path-first.log" dotnet build "$work/$path" -nologo
  if ! dotnet "$work/$path/bin/Debug/net10.0/$path.dll" | grep -qx created; then
    echo "rebuild-figures: the $path consumer does not read the event" >&2
    keep=true
    exit 1
  fi
done

# Seconds of each timed build, per path; the paths take turns so a slow spell of the machine hits them alike.
declare -A seconds
for ((edit = 1; edit <= edits; edit++)); do
  for path in "${paths[@]}"; do
    sed -i "s/^Console.WriteLine(\"edit [0-9]*\");$/Console.WriteLine(\"edit $edit\");/" "$work/$path/Program.cs"
    grep -q "\"edit $edit\"" "$work/$path/Program.cs" || { echo "rebuild-figures: the edit of $path/Program.cs did not apply" >&2; exit 1; }
    start=$(date +%s.%N)
    run_logged "$work/$path-edit-$edit.log" dotnet build "$work/$path" --no-restore -nologo
    end=$(date +%s.%N)
    seconds[$path]+="$(awk -v start="$start" -v end="$end" 'BEGIN { printf "%.3f", end - start }') "
  done
done

# median and minimum of a list of seconds
summarize() {
  tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 } END {
    median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f %.2f", median, v[1] }'
}

echo
echo "rebuild after a one-line edit of Program.cs, $edits edits per path (seconds)"
printf "%-36s %8s %8s %10s\n" path median min "vs package"
read -r package_median package_min <<<"$(summarize "${seconds[package]}")"
for path in "${paths[@]}"; do
  read -r median min <<<"$(summarize "${seconds[$path]}")"
  case "$path" in
    package) label="package (Realtime.Api)" ;;
    library) label="generator (API in its own library)" ;;
    generator) label="generator in the app itself" ;;
  esac
  printf "%-36s %8.2f %8.2f %9.2fx\n" "$label" "$median" "$min" "$(awk -v a="$median" -v b="$package_median" 'BEGIN { print a / b }')"
done
