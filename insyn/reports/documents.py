"""The report PDFs as background documents (core.documents): the annual report and the
council report on strategic contracts. Built for the person who ordered them, with their
scope, exactly as the synchronous download would have built them."""

from insyn.core import documents
from insyn.core.documents import Built

ANNUAL = "reports.annual_pdf"
COUNCIL = "reports.council_pdf"
PDF = "application/pdf"


def _org_unit(user, pk):
    """The org unit `pk` if the user may read its reports, None for the whole municipality;
    raises LookupError when it is out of scope."""
    from . import queries

    if pk is None:
        if not user.has_perm("reports.view_org_unit", None):
            raise LookupError(pk)
        return None
    org_unit = queries.orgunits_for(user).filter(pk=pk).first()
    if org_unit is None or not user.has_perm("reports.view_org_unit", org_unit):
        raise LookupError(pk)
    return org_unit


def may_read_annual(user, params) -> bool:
    if not user.is_active or not user.has_perm("reports.view_reports"):
        return False
    try:
        _org_unit(user, params.get("org_unit"))
    except LookupError:
        return False
    return True


def build_annual(user, params, progress) -> Built:
    from . import annual, exports, queries

    year = params["year"]
    org_unit = _org_unit(user, params.get("org_unit"))
    progress(10)
    data = annual.annual_report(year, org_unit, queries.goals_for(user))
    progress(60)
    content = exports.annual_pdf(annual.template_context(data))
    return Built(content, f"arsrapport-{year}.pdf", PDF)


def may_read_council(user, params) -> bool:
    return user.is_active and user.has_perm("reports.view_reports")


def build_council(user, params, progress) -> Built:
    from . import exports, queries

    year = params["year"]
    progress(10)
    sections, central = queries.council_sections_for(user, year)
    progress(60)
    content = exports.council_pdf({"year": year, "sections": sections, "complete": central})
    return Built(content, f"strategiska-avtal-{year}.pdf", PDF)


def register() -> None:
    documents.register(ANNUAL, build=build_annual, allowed=may_read_annual)
    documents.register(COUNCIL, build=build_council, allowed=may_read_council)
