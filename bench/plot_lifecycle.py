#!/usr/bin/python3
"""Draws the latency distributions of a crisp-bench lifecycle result (bench/results/lifecycle-*.json) as a PNG.

usage: plot_lifecycle.py RESULT.json OUTPUT.png     (needs python3-matplotlib; run-lifecycle.sh installs it)
One panel per CRI call (plus the full lifecycle and the two list calls), one box per runtime, every sample drawn.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"containerd": "#4c72b0", "crisp-jit": "#dd8452", "crisp-aot": "#55a868", "crisp-jit-infra": "#c44e52"}


def panels(result):
    names = [c["name"] for c in result["contestants"] if not c.get("skipped") and c.get("operations")]
    ops = []
    for c in result["contestants"]:
        for op in c.get("operations", {}):
            if op not in ops:
                ops.append(op)
    for op in ops:
        yield op, {c["name"]: c["operations"].get(op, {}).get("samplesMs", []) for c in result["contestants"] if c["name"] in names}
    for key, title in (("listContainersMs", "ListContainers"), ("listPodSandboxMs", "ListPodSandbox")):
        series = {c["name"]: c["list"][key]["samplesMs"] for c in result["contestants"] if c.get("list")}
        if series:
            count = next(c["list"]["containers"] if key == "listContainersMs" else c["list"]["pods"]
                         for c in result["contestants"] if c.get("list"))
            yield f"{title} ({count} {'containers' if key == 'listContainersMs' else 'pods'})", series


def main(source, target):
    with open(source) as f:
        result = json.load(f)
    items = [(title, series) for title, series in panels(result) if any(series.values())]
    columns = 4
    rows = (len(items) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.2 * rows), squeeze=False)
    for ax, (title, series) in zip(axes.flat, items):
        names = [n for n, s in series.items() if s]
        data = [series[n] for n in names]
        box = ax.boxplot(data, patch_artist=True, showfliers=False, widths=0.6)
        for patch, name in zip(box["boxes"], names):
            patch.set_facecolor(COLORS.get(name, "#999999"))
            patch.set_alpha(0.45)
        for i, samples in enumerate(data, start=1):
            xs = [i + (((j * 37) % 21) - 10) / 60 for j in range(len(samples))]
            ax.scatter(xs, samples, s=6, color=COLORS.get(names[i - 1], "#333333"), alpha=0.8, zorder=3)
        ax.set_title(title, fontsize=10)
        ax.set_xticks(range(1, len(names) + 1))
        ax.set_xticklabels(names, fontsize=7, rotation=15)
        ax.set_ylabel("ms", fontsize=8)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", alpha=0.3)
    for ax in list(axes.flat)[len(items):]:
        ax.axis("off")
    s = result["settings"]
    fig.suptitle(f"crisp vs containerd: CRI latency distributions ({s['lifecycles']} lifecycles, {result['timestamp'][:19]}Z)", fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(target, dpi=110)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
