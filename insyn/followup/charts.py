"""The plan's årshjul as an SVG bar chart (matplotlib, Agg), returned as a data: URI for an
<img>: the CSP allows data: images, while inline SVG's style attributes would be blocked.
The plan page shows the same figures in a table beside it."""

import base64
import io
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

COLORS = {"done": "#2e7d32", "overdue": "#b3261e", "planned": "#1d4f91"}
LABELS = {"done": "Genomförda", "overdue": "Försenade", "planned": "Kvar"}


def plan_wheel(months: list[dict]) -> str:
    key = tuple((m["name"], m["done"], m["overdue"], m["planned"]) for m in months)
    return _plan_wheel(key)


@lru_cache(maxsize=256)
def _plan_wheel(key: tuple) -> str:
    """Drawing costs more than the page's queries; the same figures give the same SVG."""
    months = [{"name": n, "done": d, "overdue": o, "planned": p} for n, d, o, p in key]
    figure = Figure(figsize=(7, 2.8))
    axes = figure.subplots()
    names = [m["name"][:3] for m in months]
    bottom = [0] * len(months)
    for key in ("done", "overdue", "planned"):
        values = [m[key] for m in months]
        axes.bar(names, values, bottom=bottom, label=LABELS[key], color=COLORS[key])
        bottom = [a + b for a, b in zip(bottom, values, strict=True)]
    axes.set_ylabel("Uppföljningar")
    axes.legend(loc="upper right", fontsize=8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
