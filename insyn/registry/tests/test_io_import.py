"""The import service: every bad input rejected with row/column/reason, all-or-nothing, re-import
updates instead of duplicating, history written with the importing user as actor."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from insyn.core.history import history_for
from insyn.registry.io.importer import import_file, import_files
from insyn.registry.models import Contract, Provider, Unit
from insyn.registry.tests.factories import ContractFactory, ProviderFactory, UnitFactory
from insyn.registry.tests.test_io_support import (
    CONTRACT_HEADERS,
    UNIT_HEADERS,
    contract_row,
    csv_bytes,
    named,
    org,
    unit_row,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def run_csv(rows, user, headers=None, dry_run=False):
    return import_file(named(csv_bytes(rows, headers=headers), "fil.csv"), user, dry_run=dry_run)


def framework_priced(row, price="3 500,50"):
    return {**row, "Pris per dygn ramavtal": price, "Prisindikation per dygn": ""}


def only_problem(result):
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    return result.problems[0]


def assert_nothing_stored():
    assert not Provider.all_objects.exists()
    assert not Unit.all_objects.exists()
    assert not Contract.all_objects.exists()


def test_valid_file_creates_providers_units_and_contracts(controller):
    data = xlsx_bytes(
        [framework_priced(unit_row()), unit_row(Verksamhet="Majorna HVB")],
        [contract_row(Verksamheter="Hisingen HVB; majorna hvb")],
    )
    result = import_file(named(data, "fil.xlsx"), controller)
    assert result.stored
    provider = Provider.objects.get()
    assert provider.org_number == org(1)
    unit = provider.units.get(name="Hisingen HVB")
    assert unit.price_per_day_framework == Decimal("3500.50")
    assert unit.places == 8
    contract = Contract.objects.get()
    assert {u.name for u in contract.units.all()} == {"Hisingen HVB", "Majorna HVB"}
    assert sorted((r.clause, r.text) for r in contract.requirements.all()) == [
        ("5.2", "Rutiner för avvikelser"),
        ("6.1", "Utbildad personal"),
    ]
    assert result.summary() == "1 ny utförare, 2 nya verksamheter, 1 nytt avtal"


def test_dry_run_counts_but_stores_nothing(controller):
    result = run_csv([unit_row(), unit_row(Verksamhet="Två")], controller, dry_run=True)
    assert result.ok and not result.stored
    assert result.count("providers", "created") == 1
    assert result.count("units", "created") == 2
    assert_nothing_stored()


def test_provider_without_units_is_a_row_with_empty_unit_columns(controller):
    row = unit_row(Verksamhet="", Kategori="", **{"Antal platser": "", "Lediga platser": ""})
    row["Prisindikation per dygn"] = ""
    result = run_csv([row], controller)
    assert result.stored
    assert Provider.objects.get().units.count() == 0


def test_invalid_org_number_names_row_and_column(controller):
    problem = only_problem(run_csv([unit_row(Organisationsnummer="556036-0794")], controller))
    assert (problem.row, problem.column) == (2, "Organisationsnummer")
    assert "Ogiltigt organisationsnummer 556036-0794" in problem.message
    assert_nothing_stored()


def test_duplicate_org_number_with_other_provider_data_is_rejected(controller):
    rows = [unit_row(), unit_row(Verksamhet="Två", Ort="Borås")]
    problem = only_problem(run_csv(rows, controller))
    assert (problem.row, problem.column) == (3, "Ort")
    assert "finns redan på rad 2" in problem.message
    assert_nothing_stored()


def test_duplicate_org_number_with_same_provider_data_is_one_provider(controller):
    rows = [
        unit_row(Organisationsnummer=org(1)),
        unit_row(Organisationsnummer=org(1).replace("-", ""), Verksamhet="Två"),
    ]
    assert run_csv(rows, controller).stored
    assert Provider.objects.count() == 1
    assert Unit.objects.count() == 2


def test_same_unit_twice_is_rejected(controller):
    problem = only_problem(run_csv([unit_row(), unit_row(Verksamhet="HISINGEN hvb")], controller))
    assert (problem.row, problem.column) == (3, "Verksamhet")
    assert "finns redan på rad 2" in problem.message


def test_end_date_before_start_date_is_rejected(controller, provider):
    row = contract_row(
        Organisationsnummer=provider.org_number,
        Verksamheter="",
        Startdatum="2025-01-01",
        Slutdatum="2024-12-31",
    )
    problem = only_problem(run_csv([row], controller, headers=CONTRACT_HEADERS))
    assert (problem.row, problem.column) == (2, "Slutdatum")
    assert "före startdatum" in problem.message
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Pris per dygn ramavtal", "-100"),
        ("Antal platser", "-1"),
        ("Prisindikation per dygn", "-0,5"),
    ],
)
def test_negative_price_or_places_is_rejected(controller, column, value):
    problem = only_problem(run_csv([unit_row(**{column: value, "Lediga platser": ""})], controller))
    assert (problem.row, problem.column) == (2, column)
    assert "negativt" in problem.message
    assert_nothing_stored()


def test_vacancies_above_places_are_rejected(controller):
    row = unit_row(**{"Antal platser": "3", "Lediga platser": "4"})
    problem = only_problem(run_csv([row], controller))
    assert (problem.row, problem.column) == (2, "Lediga platser")
    assert "Lediga platser (4) kan inte vara fler än antal platser (3)" in problem.message


def test_unknown_category_lists_the_valid_ones(controller):
    problem = only_problem(run_csv([unit_row(Kategori="Fritids")], controller))
    assert problem.column == "Kategori"
    assert "Okänd kategori ”Fritids”" in problem.message
    assert "HVB barn och unga" in problem.message and "Personlig assistans" in problem.message


def test_category_may_be_given_by_code_in_any_case(controller):
    assert run_csv([unit_row(Kategori="HVB-BARN")], controller).stored
    assert Unit.objects.get().category.code == "hvb-barn"


def test_bad_date_format_is_explained(controller):
    problem = only_problem(run_csv([unit_row(**{"IVO-tillstånd datum": "1/3/2024"})], controller))
    assert (problem.row, problem.column) == (2, "IVO-tillstånd datum")
    assert "ÅÅÅÅ-MM-DD" in problem.message


def test_excel_date_cells_are_accepted(controller):
    data = xlsx_bytes([unit_row(**{"IVO-tillstånd datum": dt.datetime(2024, 3, 1)})])
    assert import_file(named(data, "fil.xlsx"), controller).stored
    assert Unit.objects.get().ivo_permit_date == dt.date(2024, 3, 1)


def test_missing_required_value_is_named(controller):
    problem = only_problem(run_csv([unit_row(Utförare="")], controller))
    assert (problem.row, problem.column) == (2, "Utförare")
    assert "saknas" in problem.message


def test_unit_row_without_unit_name_is_rejected(controller):
    problem = only_problem(run_csv([unit_row(Verksamhet="")], controller))
    assert problem.column == "Verksamhet"


def test_bad_email_is_rejected(controller):
    problem = only_problem(run_csv([unit_row(**{"E-post": "inte en adress"})], controller))
    assert problem.column == "E-post"


def test_missing_and_unknown_columns_reject_the_file(controller):
    headers = [h if h != "Kategori" else "Kategorin" for h in UNIT_HEADERS]
    problem = only_problem(run_csv([unit_row()], controller, headers=headers))
    assert problem.row == 1
    assert "”Kategori”" in problem.message and "”Kategorin”" in problem.message
    assert_nothing_stored()


def test_empty_file_is_rejected(controller):
    problem = only_problem(import_file(named(b"", "fil.csv"), controller))
    assert "tom" in problem.message


def test_file_over_the_size_limit_says_the_limit_in_mb(controller, settings):
    settings.INSYN = {**settings.INSYN, "IMPORT_MAX_BYTES": 2 * 1024 * 1024}
    data = csv_bytes([unit_row(Beskrivning="x" * 1000)] * 2200)
    problem = only_problem(import_file(named(data, "fil.csv"), controller))
    assert "2 MB" in problem.message
    assert_nothing_stored()


def test_malformed_xlsx_is_rejected_in_swedish(controller):
    problem = only_problem(import_file(named(b"PK\x03\x04trasig", "fil.xlsx"), controller))
    assert "Excel-arbetsbok" in problem.message


def test_html_in_text_fields_is_stored_as_text(controller):
    hostile = '<script>alert("x")</script><b>fet</b>'
    assert run_csv([unit_row(Utförare=hostile, Beskrivning=hostile)], controller).stored
    assert Provider.objects.get().name == hostile
    assert Unit.objects.get().description == hostile


def test_one_bad_row_stores_nothing_and_leaves_existing_data_alone(controller):
    existing = ProviderFactory(org_number=org(1), name="Gamla namnet AB")
    rows = [
        unit_row(Utförare="Nya namnet AB"),
        unit_row(Organisationsnummer=org(2), Utförare="Ny AB"),
        unit_row(Organisationsnummer=org(3), Utförare="Trasig AB", Kategori="Okänd"),
    ]
    result = run_csv(rows, controller)
    assert not result.stored
    assert only_problem(result).row == 4
    existing.refresh_from_db()
    assert existing.name == "Gamla namnet AB"
    assert Provider.objects.count() == 1
    assert not Unit.objects.exists()


def test_every_bad_row_is_reported_not_just_the_first(controller):
    rows = [unit_row(Kategori="Okänd"), unit_row(Verksamhet="B", **{"Antal platser": "-2"})]
    result = run_csv(rows, controller)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Kategori"), (3, "Antal platser")]


def test_reimport_updates_by_org_number_and_logs_the_change_with_the_user(controller):
    provider = ProviderFactory(org_number=org(1), name="Gamla namnet AB", city="Göteborg")
    result = run_csv(
        [unit_row(Organisationsnummer=org(1).replace("-", ""), Utförare="Nya namnet AB")],
        controller,
    )
    assert result.stored
    assert result.count("providers", "updated") == 1
    provider.refresh_from_db()
    assert provider.name == "Nya namnet AB"
    assert Provider.objects.count() == 1
    entry = LogEntry.objects.get_for_object(provider).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == controller
    assert entry.changes_dict["name"] == ["Gamla namnet AB", "Nya namnet AB"]
    assert history_for(provider)[0]["actor"] == controller


def test_created_records_get_history_with_the_importing_user(controller):
    run_csv([unit_row()], controller)
    unit = Unit.objects.get()
    entry = LogEntry.objects.get_for_object(unit).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == controller
    assert entry.changes_dict["name"] == ["None", "Hisingen HVB"]


def test_unchanged_rows_are_not_saved_again(controller):
    run_csv([unit_row()], controller)
    unit = Unit.objects.get()
    entries = LogEntry.objects.count()
    result = run_csv([unit_row()], controller)
    assert result.count("providers", "unchanged") == 1
    assert result.count("units", "unchanged") == 1
    assert LogEntry.objects.count() == entries
    assert Unit.objects.get().updated_at == unit.updated_at


def test_unit_is_matched_by_provider_and_name_case_insensitively(controller):
    provider = ProviderFactory(
        org_number=org(1), name="Omsorg i Väst AB", city="Göteborg", email=""
    )
    unit = UnitFactory(provider=provider, name="Hisingen HVB", places=8, vacancies=1)
    result = run_csv([unit_row(Verksamhet="HISINGEN HVB")], controller)
    assert result.count("units", "updated") == 1
    unit.refresh_from_db()
    assert unit.vacancies == 2
    assert Unit.objects.count() == 1


def test_unit_is_matched_by_id_even_when_renamed(controller):
    provider = ProviderFactory(org_number=org(1))
    unit = UnitFactory(provider=provider, name="Gammalt namn")
    run_csv([unit_row(**{"Verksamhets-id": str(unit.pk), "Verksamhet": "Nytt namn"})], controller)
    unit.refresh_from_db()
    assert unit.name == "Nytt namn"
    assert Unit.objects.count() == 1


def test_unit_id_of_another_provider_is_rejected(controller, other_unit):
    problem = only_problem(
        run_csv([unit_row(**{"Verksamhets-id": str(other_unit.pk)})], controller)
    )
    assert problem.column == "Verksamhets-id"
    other_unit.refresh_from_db()
    assert other_unit.name == "Annan Omsorg Majorna"


def test_contract_is_matched_by_diary_number_and_provider(controller):
    provider = ProviderFactory(org_number=org(1))
    unit = UnitFactory(provider=provider, name="Hisingen HVB")
    contract = ContractFactory(provider=provider, diary_number="SN-2024-0001", title="Gammal titel")
    rows = [contract_row(Benämning="Ny titel", Verksamheter="Hisingen HVB")]
    result = run_csv(rows, controller, headers=CONTRACT_HEADERS)
    assert result.stored, result.report()
    assert result.count("contracts", "updated") == 1
    contract.refresh_from_db()
    assert contract.title == "Ny titel"
    assert list(contract.units.all()) == [unit]
    assert contract.requirements.count() == 2
    assert Contract.objects.count() == 1
    m2m = LogEntry.objects.get_for_object(contract).filter(changes__has_key="units").get()
    assert m2m.changes["units"]["objects"] == ["Hisingen HVB"]


def test_contract_without_id_or_diary_number_is_matched_by_title_and_start(controller):
    provider = ProviderFactory(org_number=org(1))
    ContractFactory(
        provider=provider, diary_number="", title="Avtal A", start_date=dt.date(2024, 1, 1)
    )
    rows = [contract_row(Diarienummer="", Benämning="avtal a", Verksamheter="", Krav="")]
    result = run_csv(rows, controller, headers=CONTRACT_HEADERS)
    assert result.count("contracts", "updated") + result.count("contracts", "unchanged") == 1
    assert Contract.objects.count() == 1


def test_import_marks_essential_requirements_and_a_changed_mark_updates(controller):
    provider = ProviderFactory(org_number=org(1))
    contract = ContractFactory(provider=provider, diary_number="SN-2024-0001")
    contract.requirements.create(clause="5.2", text="Genomförandeplan", essential=False)
    krav = "5.2*: Genomförandeplan | 6.1: Utbildad personal"
    result = run_csv(
        [contract_row(Verksamheter="", Krav=krav)], controller, headers=CONTRACT_HEADERS
    )
    assert result.stored, result.report()
    assert sorted((r.clause, r.essential) for r in contract.requirements.all()) == [
        ("5.2", True),
        ("6.1", False),
    ]


def test_removed_requirement_is_deleted_with_history(controller):
    provider = ProviderFactory(org_number=org(1))
    contract = ContractFactory(provider=provider, diary_number="SN-2024-0001")
    contract.requirements.create(clause="9.9", text="Gammalt krav")
    run_csv(
        [contract_row(Verksamheter="", Krav="5.2: Nytt krav")], controller, headers=CONTRACT_HEADERS
    )
    assert [(r.clause, r.text) for r in contract.requirements.all()] == [("5.2", "Nytt krav")]
    requirement_type = ContentType.objects.get(app_label="registry", model="contractrequirement")
    assert LogEntry.objects.filter(
        content_type=requirement_type, action=LogEntry.Action.DELETE, actor=controller
    ).exists()


def test_contract_naming_another_providers_unit_is_rejected(controller, other_unit):
    ProviderFactory(org_number=org(1))
    row = contract_row(Verksamheter=other_unit.name)
    problem = only_problem(run_csv([row], controller, headers=CONTRACT_HEADERS))
    assert problem.column == "Verksamheter"
    assert "finns inte hos utföraren" in problem.message


def test_contract_for_unknown_provider_is_rejected(controller):
    problem = only_problem(
        run_csv([contract_row(Verksamheter="")], controller, headers=CONTRACT_HEADERS)
    )
    assert problem.column == "Organisationsnummer"
    assert "ingen utförare" in problem.message


def test_contract_type_must_be_known(controller, provider):
    row = contract_row(Organisationsnummer=provider.org_number, Verksamheter="", Avtalstyp="Köp")
    problem = only_problem(run_csv([row], controller, headers=CONTRACT_HEADERS))
    assert problem.column == "Avtalstyp"
    assert "Ramavtal" in problem.message


def test_soft_deleted_provider_is_not_silently_revived(controller):
    provider = ProviderFactory(org_number=org(1))
    provider.soft_delete()
    problem = only_problem(run_csv([unit_row()], controller))
    assert "borttagen" in problem.message


def test_two_csv_files_import_together(controller):
    units = named(csv_bytes([unit_row()]), "fil.csv")
    contracts = named(csv_bytes([contract_row()], headers=CONTRACT_HEADERS), "fil-avtal.csv")
    result = import_files([units, contracts], controller)
    assert result.stored, result.report()
    assert Contract.objects.get().units.get().name == "Hisingen HVB"


def test_bulk_history_has_the_same_shape_auditlog_writes(controller):
    from auditlog.diff import model_instance_diff

    from insyn.registry.io.steps.write import create_diff

    import_file(named(xlsx_bytes([unit_row()], [contract_row()]), "fil.xlsx"), controller)
    contract = Contract.objects.get()
    for obj in [Provider.objects.get(), Unit.objects.get(), contract, *contract.requirements.all()]:
        expected = {k: list(v) for k, v in model_instance_diff(None, obj).items()}
        assert LogEntry.objects.get_for_object(obj).get(action=LogEntry.Action.CREATE).changes == (
            expected
        )
        assert create_diff(obj) == model_instance_diff(None, obj)


def test_changed_vacancies_are_confirmed_on_the_import_day(controller):
    import time_machine

    provider = ProviderFactory(org_number=org(1), name="Omsorg i Väst AB", email="")
    unit = UnitFactory(
        provider=provider,
        name="Hisingen HVB",
        vacancies=5,
        vacancies_confirmed_on=dt.date(2025, 1, 1),
    )
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)):
        assert run_csv([unit_row()], controller).stored
    unit.refresh_from_db()
    assert unit.vacancies == 2
    assert unit.vacancies_confirmed_on == dt.date(2026, 3, 10)


def test_vacancy_date_from_the_file_wins(controller):
    provider = ProviderFactory(org_number=org(1), name="Omsorg i Väst AB", email="")
    unit = UnitFactory(provider=provider, name="Hisingen HVB", vacancies=5)
    run_csv([unit_row(**{"Lediga platser bekräftade": "2026-02-01"})], controller)
    unit.refresh_from_db()
    assert unit.vacancies_confirmed_on == dt.date(2026, 2, 1)


def test_unit_name_shared_by_two_units_asks_for_the_id(controller):
    provider = ProviderFactory(org_number=org(1), name="Omsorg i Väst AB", email="")
    UnitFactory(provider=provider, name="Hisingen HVB")
    UnitFactory(provider=provider, name="hisingen hvb")
    problem = only_problem(run_csv([unit_row()], controller))
    assert problem.column == "Verksamhet"
    assert "Verksamhets-id" in problem.message
    rows = [contract_row(Verksamheter="Hisingen HVB")]
    problem = only_problem(run_csv(rows, controller, headers=CONTRACT_HEADERS))
    assert problem.column == "Verksamheter"
    assert "Flera verksamheter" in problem.message


def _many_rows(providers: int, units_each: int, word: str = "Bolag"):
    units = [
        unit_row(Organisationsnummer=org(p), Utförare=f"{word} {p} AB", Verksamhet=f"Enhet {p}-{u}")
        for p in range(providers)
        for u in range(units_each)
    ]
    contracts = [
        contract_row(
            Organisationsnummer=org(p),
            Diarienummer=f"SN-{p}",
            Verksamheter=f"Enhet {p}-0; Enhet {p}-1",
        )
        for p in range(providers)
    ]
    return xlsx_bytes(units, contracts)


@pytest.mark.parametrize("providers", [5, 40])
def test_import_makes_no_query_per_row(controller, django_assert_max_num_queries, providers):
    data = _many_rows(providers, 3)
    with django_assert_max_num_queries(25):
        assert import_file(named(data, "fil.xlsx"), controller).stored
    assert Unit.objects.count() == providers * 3
    changed = _many_rows(providers, 3, word="Firma")
    with django_assert_max_num_queries(25):
        result = import_file(named(changed, "fil.xlsx"), controller)
    assert result.count("providers", "updated") == providers


def test_an_import_that_changes_a_record_raises_its_version(controller):
    # An editor who opened the provider before the import gets a stale-edit conflict.
    provider = ProviderFactory(org_number=org(1), name="Gamla namnet AB")
    run_csv(
        [unit_row(Organisationsnummer=org(1).replace("-", ""), Utförare="Nya namnet AB")],
        controller,
    )
    provider.refresh_from_db()
    assert provider.version == 2


# --- the framework price rule of the unit form ----------------------------------------------


def test_framework_price_on_a_unit_without_agreement_is_refused_on_its_row(controller):
    result = run_csv([framework_priced(unit_row())], controller)
    problem = only_problem(result)
    assert (problem.row, problem.column) == (2, "Pris per dygn ramavtal")
    assert problem.message.startswith(
        "Pris per dygn i ramavtal kan bara anges för en verksamhet som omfattas av ett "
        "gällande ramavtal."
    )
    assert_nothing_stored()


def test_framework_price_is_refused_when_the_files_agreement_is_a_direct_award(controller):
    data = xlsx_bytes([framework_priced(unit_row())], [contract_row(Avtalstyp="Direktupphandling")])
    result = import_file(named(data, "fil.xlsx"), controller)
    assert only_problem(result).column == "Pris per dygn ramavtal"
    assert_nothing_stored()


def test_framework_price_is_accepted_on_a_unit_of_a_running_agreement_in_the_register(
    controller,
):
    provider = ProviderFactory(org_number=org(1), name="Omsorg i Väst AB")
    unit = UnitFactory(provider=provider, name="Hisingen HVB")
    ContractFactory(provider=provider, units=[unit], contract_type="framework")
    result = run_csv([framework_priced(unit_row(), "4 250,50")], controller)
    assert result.stored, [str(p) for p in result.problems]
    unit.refresh_from_db()
    assert unit.price_per_day_framework == Decimal("4250.50")


def test_an_unchanged_framework_price_after_the_agreement_ended_is_kept(controller):
    provider = ProviderFactory(org_number=org(1), name="Omsorg i Väst AB")
    UnitFactory(provider=provider, name="Hisingen HVB", price_per_day_framework=Decimal("3500.50"))
    result = run_csv([framework_priced(unit_row())], controller)
    assert result.stored, [str(p) for p in result.problems]


def test_framework_price_on_a_new_unit_of_a_provider_with_a_running_agreement_is_accepted(
    controller,
):
    # As in the unit form: the new unit is joined to its provider's agreement afterwards.
    provider = ProviderFactory(org_number=org(1), name="Omsorg i Väst AB")
    ContractFactory(provider=provider, contract_type="framework")
    result = run_csv([framework_priced(unit_row(Verksamhet="Nya HVB"))], controller)
    assert result.stored, [str(p) for p in result.problems]
