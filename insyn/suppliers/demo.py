"""Demo supplier checks: every private provider checked at the registers with three years of
annual reports; own administrations have tax checks "not applicable"; one provider shows
financial warning signs (losses two years running, equity below half the share capital) and
one an IVO injunction, so the panel, the dossier and the risk score have something to show."""

import datetime as dt
from decimal import Decimal

from insyn.core.demo import DemoContext

from . import services
from .adapters.base import CompanyInfo, Decision, TaxInfo
from .constants import CheckKind, CrimeAnswer, FigureOrigin
from .models import AnnualReport


def _reports(provider, rng, today, troubled):
    last_year = today.year - 1 if today.month > 6 else today.year - 2
    sales = Decimal(rng.randrange(8_000, 60_000)) * 1000
    equity = sales * Decimal("0.25")
    for offset, year in enumerate(range(last_year - 2, last_year + 1)):
        if troubled:
            result = Decimal(-(600 + 300 * offset)) * 1000
        else:
            result = (sales * Decimal(rng.randrange(1, 7)) / 100).quantize(Decimal(1))
        equity = 20_000 if troubled and offset == 2 else equity + result
        AnnualReport.objects.update_or_create(
            provider=provider,
            period_end=dt.date(year, 12, 31),
            defaults={
                "period_start": dt.date(year, 1, 1),
                "filed_on": dt.date(year + 1, 5, rng.randrange(2, 28)),
                "origin": FigureOrigin.REGISTER,
                "net_sales": sales,
                "result_after_financial": result + 5000,
                "net_result": result,
                "equity": Decimal(equity),
                "share_capital": Decimal(100_000),
                "total_assets": (sales * Decimal("0.6")).quantize(Decimal(1)),
                "current_assets": (sales * Decimal("0.3")).quantize(Decimal(1)),
                "current_liabilities": (sales * Decimal("0.2")).quantize(Decimal(1)),
                "audit_opinion_modified": troubled and offset == 2,
            },
        )


def seed(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    providers = list(ctx.shared.get("providers", []))
    own = list(ctx.shared.get("own_providers", []))
    controller = (ctx.shared.get("controllers") or [None])[0]
    private = [p for p in providers if p not in own]
    troubled = private[0] if private else None
    supervised = private[1] if len(private) > 1 else None
    for provider in private:
        taken = today - dt.timedelta(days=rng.randrange(1, 25))
        services.apply_company(
            provider,
            CompanyInfo(provider.org_number, provider.name, "registered"),
            "Bolagsverket",
            taken,
        )
        services.apply_tax(
            provider, TaxInfo(provider.org_number, True, True, True), "Skatteverket", taken
        )
        decisions = []
        if provider == supervised:
            unit = provider.units.first()
            decisions.append(
                Decision(
                    f"3.5.1-{rng.randrange(1000, 9999)}/{today.year}",
                    "injunction",
                    today - dt.timedelta(days=75),
                    unit.name if unit else "",
                    "Föreläggande om bemanning nattetid",
                )
            )
        services.apply_decisions(provider, decisions, "IVO", taken)
        _reports(provider, rng, today, provider == troubled)
        # The annual-report check follows the stored figures.
        latest = AnnualReport.objects.filter(provider=provider).order_by("-period_end").first()
        if latest:
            from .ixbrl import ParsedReport

            figures = {
                name: getattr(latest, name)
                for name in ("net_sales", "net_result", "equity", "share_capital", "total_assets")
            }
            services.store_report(
                provider,
                ParsedReport(
                    provider.org_number,
                    latest.period_start,
                    latest.period_end,
                    {
                        **figures,
                        "result_after_financial": latest.result_after_financial,
                        "current_assets": latest.current_assets,
                        "current_liabilities": latest.current_liabilities,
                    },
                    latest.audit_opinion_modified,
                ),
                FigureOrigin.REGISTER,
                latest.filed_on,
                today=taken,
            )
        if controller and rng.random() < 0.3:
            services.record_organised_crime(
                provider,
                controller,
                taken,
                CrimeAnswer.NO_INFORMATION,
                f"KC-{today.year}/{rng.randrange(10, 999)}",
                today=today,
            )
    for provider in own:
        for kind in (CheckKind.F_TAX, CheckKind.VAT, CheckKind.EMPLOYER):
            services.mark_not_applicable(
                provider, kind, "Egen regi: en kommunal förvaltning", controller, today
            )
    ctx.log(
        f"Leverantörskontroll: {len(private)} utförare kontrollerade, "
        f"{len(own)} förvaltningar med ej tillämpliga skattekontroller."
    )
