#!/usr/bin/env bash
# Runs the NeuralCore vs TorchSharp-cpu (libtorch) comparison: every benchmark twice, once with
# glibc's malloc and once with Debian's libjemalloc2 preloaded (two BenchmarkDotNet jobs in one
# run), then prints one Markdown table with both columns and the ratios.
#   benchmarks/NeuralCore.PeerBenchmarks/run.sh                       # everything (~25 min on 2 cores)
#   benchmarks/NeuralCore.PeerBenchmarks/run.sh --filter '*ConvPeer*' # one family
# Extra arguments go to BenchmarkDotNet. PEER_ITERATIONS=N measures N iterations instead of 3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2

if [[ ! -f "$jemalloc" ]]; then
    echo "run.sh: installing libjemalloc2 (Debian) for the jemalloc column"
    sudo_cmd=""
    [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libjemalloc2
fi

cd "$here"
# The build step (Directory.Build.targets) marks libLibTorchSharp.so's GLIBCXX_3.4.32 need weak.
dotnet build -c Release --nologo -v quiet
app="$here/bin/Release/net10.0/linux-x64/NeuralCore.PeerBenchmarks.dll"
# One torch call (and the same product in NeuralCore) before minutes of benchmarking.
dotnet "$app" --smoke
LD_PRELOAD="$jemalloc" dotnet "$app" --smoke

# The date, the commit and the machine's load (it is shared: note the noise) go into the log.
echo "run.sh: start $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $# -eq 0 ]]; then set -- --filter '*'; fi
dotnet "$app" "$@"
echo "run.sh: end $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
