from django import forms

from .models import Question, Template


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "section",
            "order",
            "text",
            "help_text",
            "answer_type",
            "requirement",
            "requirement_key",
            "creates_deficiency",
            "required",
        ]
        error_messages = {
            "text": {"required": "Skriv frågan."},
            "section": {"required": "Ange vilket avsnitt frågan hör till."},
            "answer_type": {"required": "Välj svarstyp."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = self.fields["requirement"].queryset.select_related(
            "contract"
        )
        self.fields["requirement"].label_from_instance = lambda r: f"{r.contract.title}: {r}"


class TemplateForm(forms.ModelForm):
    class Meta:
        model = Template
        fields = ["code", "name", "method", "description"]
        error_messages = {
            "code": {"required": "Ange en kod, t.ex. besok-lss."},
            "name": {"required": "Ange mallens namn."},
        }

    def clean_code(self):
        code = self.cleaned_data["code"]
        if Template.objects.filter(code=code).exists():
            raise forms.ValidationError("Det finns redan en mall med den koden. Välj en annan.")
        return code
