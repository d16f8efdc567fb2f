"""The annual report's charts: the legend never covers a bar (issue 11)."""

from types import SimpleNamespace

from matplotlib.patches import Rectangle

from insyn.reports import charts

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _legend_overlaps(figure) -> list:
    """Bars whose drawn box meets the legend's box."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    (axes,) = figure.axes
    legend = axes.get_legend().get_window_extent(renderer)
    return [
        patch
        for patch in axes.patches
        if isinstance(patch, Rectangle)
        and patch.get_height() != 0
        and patch.get_width() != 0
        and patch.get_window_extent(renderer).overlaps(legend)
    ]


def test_plan_legend_is_beside_even_the_tallest_bars():
    # Every month equally full: inside the axes there is no free corner for a legend.
    by_month = [(m, 20, 20) for m in MONTHS]
    assert _legend_overlaps(charts.plan_by_month_figure(by_month)) == []


def test_complaints_legend_is_beside_the_longest_bars():
    rows = [SimpleNamespace(label=f"Område {n} (x)", counts=(9, 9, 9)) for n in range(4)]
    assert _legend_overlaps(charts.complaints_by_tertial_figure(rows)) == []
