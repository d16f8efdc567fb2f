"""Versioned follow-up templates (mallar): sections of questions with fixed answer types.

A template family shares a `code`; each edit of a template that a finished follow-up used
creates a new row with `version + 1`, so old follow-ups keep exactly the questions they had.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from insyn.core.models import TimeStampedModel

from .constants import AnswerType, Method


class Template(TimeStampedModel):
    code = models.SlugField("kod", max_length=60, help_text="Samma kod för alla versioner.")
    version = models.PositiveIntegerField("version", default=1)
    name = models.CharField("namn", max_length=200)
    method = models.CharField("metod", max_length=30, choices=Method.choices)
    description = models.TextField("beskrivning", blank=True)
    is_current = models.BooleanField("gällande version", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "mall"
        verbose_name_plural = "mallar"
        ordering = ["method", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="template_code_version"),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    def get_absolute_url(self):
        return reverse("questionnaires:template_detail", args=[self.pk])


class Question(models.Model):
    template = models.ForeignKey(
        Template, verbose_name="mall", on_delete=models.CASCADE, related_name="questions"
    )
    section = models.CharField("avsnitt", max_length=200)
    order = models.PositiveIntegerField("ordning", default=0)
    text = models.CharField("fråga", max_length=500)
    help_text = models.CharField("vägledning", max_length=500, blank=True)
    answer_type = models.CharField("svarstyp", max_length=20, choices=AnswerType.choices)
    requirement = models.ForeignKey(
        "registry.ContractRequirement",
        verbose_name="avtalskrav",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    requirement_key = models.CharField(
        "avtalspunkt",
        max_length=60,
        blank=True,
        help_text="Frågan prövar alla avtalskrav med samma avtalspunkt, t.ex. 5.2.",
    )
    creates_deficiency = models.BooleanField(
        "brist när kravet inte uppfylls",
        default=False,
        help_text="Ett svar som visar att kravet inte är uppfyllt blir en brist.",
    )
    required = models.BooleanField("obligatorisk", default=False)

    class Meta:
        verbose_name = "fråga"
        verbose_name_plural = "frågor"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text
