"""Requirement traceability: for each followable requirement of a contract, which template
questions test it, when it was last tested, with what result, and which deficiencies followed.

A question tests a requirement when it is linked to it directly, or when its avtalspunkt
(`requirement_key`) equals the requirement's clause.
"""

from collections import defaultdict

from insyn.questionnaires.models import Question

from .constants import FollowUpStatus
from .models import Deficiency, Finding


def requirement_coverage(contract) -> list[dict]:
    requirements = list(contract.requirements.all())
    clauses = {r.clause for r in requirements if r.clause}
    questions = Question.objects.filter(template__is_current=True).filter(
        requirement__in=requirements
    ) | Question.objects.filter(template__is_current=True, requirement_key__in=clauses)
    questions = list(questions.select_related("template").distinct())
    unit_ids = list(contract.units.values_list("pk", flat=True))
    findings = (
        Finding.objects.filter(followup__unit_id__in=unit_ids, followup__status=FollowUpStatus.DONE)
        .filter(followup__performed_on__gte=contract.start_date)
        .select_related("followup", "question")
        .order_by("-followup__performed_on", "-pk")
    )
    by_req = defaultdict(list)
    for finding in findings:
        question = finding.question
        for req in requirements:
            if finding.requirement_id == req.pk or (
                question and req.clause and question.requirement_key == req.clause
            ):
                by_req[req.pk].append(finding)
    deficiencies = defaultdict(list)
    for deficiency in (
        Deficiency.objects.filter(unit_id__in=unit_ids)
        .select_related("finding")
        .prefetch_related("action_plans")
    ):
        for req in requirements:
            finding = deficiency.finding
            if deficiency.requirement_id == req.pk or (finding and finding in by_req[req.pk]):
                deficiencies[req.pk].append(deficiency)
    rows = []
    for req in requirements:
        tested_by = [
            q
            for q in questions
            if q.requirement_id == req.pk or (req.clause and q.requirement_key == req.clause)
        ]
        latest = by_req[req.pk][0] if by_req[req.pk] else None
        rows.append(
            {
                "requirement": req,
                "questions": tested_by,
                "last_tested": latest.followup.performed_on if latest else None,
                "result": latest.get_assessment_display() if latest else "",
                "last_followup": latest.followup if latest else None,
                "deficiencies": deficiencies[req.pk],
                "never_tested": latest is None,
            }
        )
    return rows
