"""SVG charts for the annual report, drawn on the server with matplotlib (Agg).

Each chart is returned as a `data:` URI for an <img> (the CSP allows data: images, and
matplotlib's SVG carries style attributes that inline SVG would break on). Every chart on
the page has its data table beside it; the chart is a picture of that table.
"""

import base64
import functools
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

plt.rcParams["svg.hashsalt"] = "insyn"  # stable ids: same data, same SVG
plt.rcParams["font.family"] = "DejaVu Sans"

COLORS = ["#1d4f91", "#e08a00", "#2e7d32"]


def _uri(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def legend_beside(axes):
    """The legend to the right of the plot area, never over the bars (a legend inside
    the axes covered the tallest bars in the annual report); `bbox_inches="tight"` widens
    the picture to hold it."""
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, frameon=False)


# Each chart is drawn once per distinct data (per process, `functools.lru_cache`): the same
# numbers always give the same SVG (stable hash salt, no date), and matplotlib's 0.2–0.5 s a
# chart was most of the annual report's and the comparison page's time. New data is a new
# key, so nothing stale is shown.


def plan_by_month(by_month) -> str:
    return _plan_uri(tuple(tuple(row) for row in by_month))


@functools.lru_cache(maxsize=128)
def _plan_uri(by_month) -> str:
    return _uri(plan_by_month_figure(list(by_month)))


def plan_by_month_figure(by_month) -> Figure:
    """Grouped bars: planned vs done per month."""
    figure, axes = plt.subplots(figsize=(7, 3))
    months = [m for m, _, _ in by_month]
    x = range(len(months))
    axes.bar([i - 0.2 for i in x], [p for _, p, _ in by_month], 0.4, label="Planerade",
             color=COLORS[0])  # fmt: skip
    axes.bar([i + 0.2 for i in x], [d for _, _, d in by_month], 0.4, label="Genomförda",
             color=COLORS[1])  # fmt: skip
    axes.set_xticks(list(x), months)
    axes.set_ylabel("Antal uppföljningar")
    legend_beside(axes)
    return figure


def deficiencies_by_area(by_area: dict) -> str:
    return _deficiency_uri(tuple((area, tuple(v.items())) for area, v in by_area.items()))


@functools.lru_cache(maxsize=128)
def _deficiency_uri(key) -> str:
    return deficiencies_by_area_uri({area: dict(cells) for area, cells in key})


def deficiencies_by_area_uri(by_area: dict) -> str:
    """Horizontal bars: deficiencies per area (all severities)."""
    areas = list(by_area) or ["Inga brister"]
    totals = [sum(v.values()) for v in by_area.values()] or [0]
    figure, axes = plt.subplots(figsize=(7, max(1.5, 0.4 * len(areas) + 0.8)))
    axes.barh(areas, totals, color=COLORS[0])
    axes.invert_yaxis()
    axes.set_xlabel("Antal brister")
    return _uri(figure)


def complaints_by_tertial(rows) -> str:
    return _complaints_uri(tuple((r.label, tuple(r.counts)) for r in rows))


@functools.lru_cache(maxsize=128)
def _complaints_uri(key) -> str:
    from types import SimpleNamespace

    rows = [SimpleNamespace(label=label, counts=list(counts)) for label, counts in key]
    return _uri(complaints_by_tertial_figure(rows))


def complaints_by_tertial_figure(rows) -> Figure:
    """Stacked horizontal bars: what complaints concerned, per tertial (T1, T2, VB)."""
    labels = [r.label.split(" (")[0] for r in rows]
    figure, axes = plt.subplots(figsize=(7, 0.35 * len(rows) + 1))
    left = [0] * len(rows)
    for index, name in enumerate(("T1", "T2", "VB")):
        values = [r.counts[index] for r in rows]
        axes.barh(labels, values, left=left, label=name, color=COLORS[index])
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel("Antal klagomål och synpunkter")
    legend_beside(axes)
    return figure


def all_charts(data: dict) -> dict:
    concern_rows = [r for r in data["table"].rows if r.key.startswith("concern_")]
    return {
        "plan": plan_by_month(data["plan"].by_month),
        "deficiencies": deficiencies_by_area(data["deficiencies"].by_area),
        "complaints": complaints_by_tertial(concern_rows),
    }


# Which rows of a side-by-side table its chart draws, and the axis label: one measure per
# chart (counts and percentages are never mixed on one axis). The table beside it has all.
REGI_CHARTS = {
    "followups": (lambda label: label.endswith(("planerade", "genomförda")), "Antal"),
    "requirements": (lambda label: label.endswith("(%)"), "Andel uppfyllda krav (%)"),
    "deficiencies": (lambda label: ": " in label, "Antal brister"),
    "ratings": (
        lambda label: label in ("Genomsnittlig poäng (0–100)", "Svarsfrekvens (%)"),
        "Poäng respektive procent",
    ),
    "feedback": (lambda label: True, "Antal"),
    "per_places": (lambda label: "per 100 platser" in label, "Per 100 platser"),
}


def regi_rows(table) -> list:
    """The rows `regi_comparison` draws: those of the table's measure."""
    wanted, _ = REGI_CHARTS.get(table.key, (lambda label: True, ""))
    return [row for row in table.rows if wanted(row[0])]


def regi_comparison(table) -> str:
    """The chart as a `data:` URI, drawn once per distinct table (per process).

    The comparison page has six charts and matplotlib takes 0.2–0.5 s each, most of the
    page; the same numbers always give the same SVG (stable hash salt, no date), so a
    picture is kept for its table's rows (`_regi_uri`, 256 tables, ~20 kB each). Changed
    data is a new key, so nothing stale is shown."""
    return _regi_uri(table.key, table.caption, table.row_header, tuple(map(tuple, table.rows)))


@functools.lru_cache(maxsize=256)
def _regi_uri(key, caption, row_header, rows) -> str:
    """One draw, text as SVG text (`bbox_inches="tight"` is a second draw and text as
    paths is slower); the margins are computed from the labels instead."""
    from .regi import RegiTable

    figure = regi_comparison_figure(RegiTable(key, caption, row_header, list(rows)))
    buffer = io.BytesIO()
    with plt.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def regi_comparison_figure(table) -> Figure:
    """Grouped horizontal bars: own units beside private providers for each row of the
    table's measure (an empty cell, e.g. no places, is drawn as 0 and shown as "–" in the
    table). The legend sits above the bars, never over them."""
    rows = regi_rows(table) or [("Inga uppgifter", 0, 0, 0)]
    _, xlabel = REGI_CHARTS.get(table.key, (None, "Antal"))
    labels = [r[0] for r in rows]
    label_in = 0.075 * max(len(label) for label in labels) + 0.25  # 9 pt DejaVu Sans
    width, height = 4.5 + label_in, 0.42 * len(rows) + 1.3
    figure = Figure(figsize=(width, height))
    axes = figure.add_subplot()
    figure.subplots_adjust(
        left=label_in / width, right=1 - 0.3 / width, bottom=0.55 / height, top=1 - 0.5 / height
    )
    y = range(len(rows))
    for index, name in enumerate(("Egen regi", "Privata utförare")):
        values = [float(r[1 + index] or 0) for r in rows]
        axes.barh([i - 0.2 + 0.4 * index for i in y], values, 0.4, label=name,
                  color=COLORS[index])  # fmt: skip
    axes.set_yticks(list(y), labels, fontsize=9)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False)
    return figure
