import datetime as dt
from decimal import Decimal

import factory

from insyn.registry.tests.factories import ProviderFactory
from insyn.suppliers.constants import FigureOrigin
from insyn.suppliers.models import AnnualReport


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    provider = factory.SubFactory(ProviderFactory)
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 12, 31)
    filed_on = dt.date(2026, 5, 2)
    origin = FigureOrigin.MANUAL
    net_sales = Decimal(10_000_000)
    result_after_financial = Decimal(400_000)
    net_result = Decimal(300_000)
    equity = Decimal(2_000_000)
    share_capital = Decimal(100_000)
    total_assets = Decimal(5_000_000)
