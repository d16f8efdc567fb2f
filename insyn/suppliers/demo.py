"""Demo supplier checks: every private provider checked at the registers with three years of
annual reports; own administrations have tax checks "not applicable"; one provider shows
financial warning signs (losses two years running, equity below half the share capital) and
one an IVO injunction (a red flag, told to the controllers), so the panel, the dossier and
the risk score have something to show. Most private providers have an insurance
certificate and a quality report on file (small generated PDFs); one has an expired
insurance certificate and one none at all, so the start pages show what is missing."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from insyn.core.demo import DemoContext

from . import services
from .adapters.base import CompanyInfo, Decision, TaxInfo
from .constants import CheckKind, CrimeAnswer, DocumentType, FigureOrigin
from .models import AnnualReport, ProviderDocument


def small_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text (Helvetica, WinAnsi: å ä ö print), built by
    hand so the demo needs no PDF library: a header, five objects and a correct xref."""

    def text(value: str) -> str:
        raw = value.encode("cp1252", "replace").decode("latin-1")
        return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 16 Tf 56 780 Td ({text(title)}) Tj ET"]
    rows += [
        f"BT /F1 11 Tf 56 {750 - 18 * i} Td ({text(line)}) Tj ET" for i, line in enumerate(lines)
    ]
    stream = "\n".join(rows).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _documents(provider, today, controller, insurance_expired: bool, missing: bool):
    """An insurance certificate (valid to the end of next year, or expired last month) and
    last year's quality report, uploaded by the controller; `missing`: nothing on file."""
    if missing or ProviderDocument.objects.filter(provider=provider).exists():
        return
    year = today.year
    expires = (
        today.replace(day=1) - dt.timedelta(days=1) if insurance_expired else dt.date(year, 12, 31)
    )
    rows = [
        (
            DocumentType.INSURANCE,
            f"Försäkringsbevis {provider.name}",
            [
                f"Försäkringstagare: {provider.name} ({provider.org_number})",
                "Ansvarsförsäkring för verksamhet inom vård och omsorg.",
                f"Giltig till och med {expires:%Y-%m-%d}.",
            ],
            dt.date(year, 1, 1),
            expires,
            expires,
        ),
        (
            DocumentType.QUALITY_REPORT,
            f"Kvalitetsberättelse {year - 1}",
            [
                f"{provider.name}: kvalitetsberättelse för {year - 1}.",
                "Systematiskt kvalitetsarbete, avvikelser och synpunkter under året.",
            ],
            dt.date(year - 1, 1, 1),
            dt.date(year - 1, 12, 31),
            None,
        ),
    ]
    for doc_type, title, lines, start, end, expiry in rows:
        slug = "forsakringsbevis" if doc_type == DocumentType.INSURANCE else "kvalitetsberattelse"
        content = small_pdf(title, lines)
        document = ProviderDocument(
            provider=provider,
            doc_type=doc_type,
            title=title,
            period_start=start,
            period_end=end,
            expires_on=expiry,
            original_name=f"{slug}.pdf",
            content_type="application/pdf",
            size=len(content),
            uploaded_by=controller,
        )
        document.file.save(f"{slug}.pdf", ContentFile(content), save=False)
        document.save()


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
    for index, provider in enumerate(private[:12]):
        _documents(provider, today, controller, insurance_expired=index == 2, missing=index == 3)
    for provider in own:
        for kind in (CheckKind.F_TAX, CheckKind.VAT, CheckKind.EMPLOYER):
            services.mark_not_applicable(
                provider, kind, "Egen regi: en kommunal förvaltning", controller, today
            )
    ctx.log(
        f"Leverantörskontroll: {len(private)} utförare kontrollerade, "
        f"{len(own)} förvaltningar med ej tillämpliga skattekontroller, "
        f"{ProviderDocument.objects.count()} utförardokument."
    )
