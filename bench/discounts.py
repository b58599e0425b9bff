"""`make bench`: the discount policies on the seeded restaurant simulator, the demand model's
held-out error against "same hour last week", and the recommendation step's cost, all printed
by `intellidine simulate`; this script puts them at the top of BENCHMARKS.md.

Usage: python3 bench/discounts.py .build/release/intellidine"""
import datetime
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import machine, prepend_report  # noqa: E402  (one way to write BENCHMARKS.md)

BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/release/intellidine"
SEEDS = [42, 7, 2026]


def main():
    runs = []
    for seed in SEEDS:
        output = subprocess.run([BINARY, "simulate", "--seed", str(seed)], capture_output=True, text=True, check=True).stdout
        print(output, flush=True)
        runs.append((seed, output.strip()))
    body = "\n\n".join(f"### Seed {seed}\n\n{text.split(chr(10), 1)[1].strip() if text.startswith('Seed') else text}" for seed, text in runs)
    first_paragraph = runs[0][1].split("\n", 1)[0].split(": ", 1)[1]
    first_paragraph = first_paragraph[0].upper() + first_paragraph[1:]

    def row(text, name):
        cells = [c.strip() for c in next(l for l in text.splitlines() if l.startswith("| " + name)).strip("|").split("|")]
        return {"revenue_vs_none": float(cells[2].split()[0]), "waste": float(cells[4].lstrip("₹").replace(",", ""))}

    summary = []
    for seed, text in runs:
        none, model = row(text, "No discounts"), row(text, "Demand model policy")
        summary.append(f"seed {seed}: waste {(1 - model['waste'] / none['waste']) * 100:.0f} % lower, revenue {model['revenue_vs_none']:+.1f} %")
    report = f"""
## Discount policies on the simulated restaurant — {datetime.date.today().isoformat()}

- Machine: {machine()}
- Command: `make bench` (`bench/discounts.py` runs `intellidine simulate --seed N` on the release build for seeds
  {', '.join(map(str, SEEDS))}; each run is deterministic).
- {first_paragraph}
- Revenue bound stated in advance: the model policy must keep revenue within 2 % of no discounts (it may not buy
  less waste with a revenue loss larger than that).
- **Model policy against no discounts: {'; '.join(summary)}.**

{body}
"""
    prepend_report(report)


if __name__ == "__main__":
    main()
