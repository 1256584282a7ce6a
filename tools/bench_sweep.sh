#!/usr/bin/env bash
# Sweep throughput benchmark (docs/sweeps.md, "Performance"):
#   single-run wall time, sweep throughput at 1 and 2 threads, parallel efficiency, and
#   peak memory (max RSS) for a small and a large sweep (results are streamed through the
#   journal, so RSS must not grow with the number of runs); then a single run of the
#   200-threat raid (scenarios/raid-200.yaml, tools/gen_raid.py) at 1 and 2 threads inside
#   the run (`bmdsim run --threads T`).
# Usage: tools/bench_sweep.sh [BUILD_DIR] [SCENARIO] [RUNS_SMALL] [RUNS_LARGE] [RAID_SCENARIO]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/release}
scenario=${2:-$here/scenarios/korea-baseline.yaml}
small=${3:-100}
large=${4:-10000}
raid=${5:-$here/scenarios/raid-200.yaml}
bmdsim=$build/bin/bmdsim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "<wall s> <max RSS KiB>" of a command.
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2>&1
  cat "$work/time.txt"
}

echo "scenario: $scenario"
echo "machine: $(nproc) cores, $(uname -m)"
# One unmeasured run first: the first process after a pause pays for cold caches and clock
# ramp-up (~40 % on the single-run figure).
"$bmdsim" run "$scenario" -q -o "$work/warm.h5" > /dev/null 2>&1
/usr/bin/time -f "%e %M" -o "$work/time.txt" "$bmdsim" run "$scenario" -o "$work/run.h5" > "$work/run.txt" 2>/dev/null
read -r run_wall run_rss < "$work/time.txt"
sim_wall=$(sed -n 's/.* in \([0-9.]*\) s wall.*/\1/p' "$work/run.txt")
echo "single run, one core: simulation ${sim_wall} s wall (detail on); whole process (load, targeting, envelopes, HDF5 write) ${run_wall} s, max RSS ${run_rss} KiB"

rate() {  # runs threads -> runs/s reported by the sweep (run phase only)
  "$bmdsim" sweep "$scenario" --runs "$1" --threads "$2" -q -o "$work/rate.h5" |
    sed -n 's/.* \([0-9.]*\) runs\/s with.*/\1/p'
}
r1=$(rate "$small" 1)
r2=$(rate "$small" 2)
eff=$(awk -v a="$r1" -v b="$r2" 'BEGIN { printf "%.0f", 100 * b / (2 * a) }')
per_run=$(awk -v a="$r1" 'BEGIN { printf "%.0f", 1000 / a }')
echo "throughput ($small runs): 1 thread ${r1} runs/s (${per_run} ms per run), 2 threads ${r2} runs/s, parallel efficiency ${eff} %"

declare -A sweep_wall sweep_rss
for n in "$small" "$large"; do
  read -r wall rss < <(measure "$bmdsim" sweep "$scenario" --runs "$n" --threads 2 -q -o "$work/mem.h5")
  sweep_wall[$n]=$wall
  sweep_rss[$n]=$rss
  echo "sweep of $n runs, 2 threads: wall ${wall} s, max RSS ${rss} KiB, file $(stat -c %s "$work/mem.h5") bytes"
done

# The issue's targets (docs/sweeps.md): single run <= 0.10 s on one core (the per-run time of
# a sweep, detail off), 1,000 runs <= 60 s on 2 threads (scaled from the large sweep),
# efficiency >= 85 %, max RSS of the large sweep <= 1.5 x that of the small one.
verdict() { awk -v x="$1" -v lim="$2" -v le="$3" 'BEGIN { ok = le ? x <= lim : x >= lim; print ok ? "met" : "NOT met" }'; }
per_1000=$(awk -v w="${sweep_wall[$large]}" -v n="$large" 'BEGIN { printf "%.1f", 1000 * w / n }')
rss_ratio=$(awk -v a="${sweep_rss[$small]}" -v b="${sweep_rss[$large]}" 'BEGIN { printf "%.2f", b / a }')
echo "targets: per run ${per_run} ms <= 100 ms: $(verdict "$per_run" 100 1); 1000 runs ${per_1000} s <= 60 s: $(verdict "$per_1000" 60 1);" \
  "efficiency ${eff} % >= 85 %: $(verdict "$eff" 85 0); RSS $large vs $small runs x ${rss_ratio} <= 1.5: $(verdict "$rss_ratio" 1.5 1)"

# In-run threads on a large raid: wall time of the whole process (load, targeting of every
# threat, envelopes, the run, HDF5 writing) and of the run itself ("simulated ... in X s wall").
if [ -f "$raid" ]; then
  for t in 1 2; do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bmdsim" run "$raid" --threads "$t" -o "$work/raid.h5" \
      > "$work/raid.txt" 2>/dev/null
    read -r wall rss < "$work/time.txt"
    inrun=$(sed -n 's/.* in \([0-9.]*\) s wall.*/\1/p' "$work/raid.txt")
    echo "raid $(basename "$raid") with --threads $t: run ${inrun} s wall (process ${wall} s, max RSS ${rss} KiB)"
  done
fi
