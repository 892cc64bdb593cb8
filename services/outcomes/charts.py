"""The outcome report as a picture a service lead can paste into a board paper.

This module runs in a child process of its own (`chart_drawer`), never in a
service: see there why. Run as `python -m services.outcomes.charts`, it draws
one chart per line of JSON on stdin and answers with one line of JSON.
"""

from __future__ import annotations

import base64
import io
import json
import sys

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

NHS_BLUE, NHS_DARK = "#005EB8", "#003087"


def draw(report: dict, title: str) -> bytes:
    """The report's charts as a PNG."""
    figure = Figure(figsize=(11, 4.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    over_time, by_group = figure.subplots(1, 2, width_ratios=(3, 2))
    _over_time(over_time, report["by_month"])
    _by_group(by_group, report["groups"], report["group_by"])
    figure.suptitle(title, color=NHS_DARK, fontsize=12)
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def serve(asked=sys.stdin, answers=sys.stdout) -> None:
    """Draw each chart asked for, {"report", "title"}, answering {"png": base64} or {"error"}."""
    for line in asked:
        try:
            chart = json.loads(line)
            answer = {"png": base64.b64encode(draw(chart["report"], chart["title"])).decode()}
        except Exception as error:  # one bad chart must not end the drawer for the next
            answer = {"error": f"{type(error).__name__}: {error}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def _percent(rate: float | None) -> float:
    # No intended referral answered: a gap in the line, not a misleading 0%.
    return float("nan") if rate is None else rate * 100


def _over_time(axes, months: list[dict]) -> None:
    axes.set_title("Referral avoided, by month of discussion", fontsize=10)
    axes.set_ylabel("% of intended referrals not made")
    axes.set_ylim(0, 112)
    if not months:
        axes.text(0.5, 0.5, "No outcomes in this period", ha="center", transform=axes.transAxes)
        return
    labels = [m["month"] for m in months]
    axes.plot(labels, [_percent(m["referral_avoided_rate"]) for m in months], "o-", color=NHS_BLUE)
    for x, month in enumerate(months):
        if month["referral_avoided_rate"] is None:
            continue
        # n beside each point: a rate of 100% on one case is not a trend
        axes.annotate(
            f"n={month['referral_intended']}",
            (x, _percent(month["referral_avoided_rate"])),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=8,
        )
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)


def _by_group(axes, groups: list[dict], group_by: str) -> None:
    axes.set_title(f"Referral avoided, by {group_by.replace('_', ' ')}", fontsize=10)
    axes.set_xlim(0, 118)
    axes.set_xlabel("% of intended referrals not made")
    if not groups:
        axes.text(0.5, 0.5, "No cases in this period", ha="center", transform=axes.transAxes)
        return
    labels = [f"{g['label'][:24]} (n={g['referral_intended']})" for g in groups]
    rates = [g["referral_avoided_rate"] for g in groups]
    bars = axes.barh(labels, [0.0 if r is None else r * 100 for r in rates], color=NHS_BLUE)
    axes.bar_label(
        bars, labels=["no data" if r is None else f"{r:.0%}" for r in rates], padding=3, fontsize=8
    )
    axes.invert_yaxis()
    axes.tick_params(axis="y", labelsize=8)


if __name__ == "__main__":
    serve()
