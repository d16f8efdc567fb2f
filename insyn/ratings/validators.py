"""The client is known in Insyn only by the case system's reference: never a personnummer.
Identity numbers are found by insyn.core.identity, as everywhere else."""

from django.core.exceptions import ValidationError

from insyn.core.identity import contains_identity_number


def validate_no_personnummer(value: str):
    if contains_identity_number(value):
        raise ValidationError(
            "Fältet får inte innehålla ett personnummer eller samordningsnummer. Ange bara "
            "ärendets referens från verksamhetssystemet (t.ex. diarie- eller ärendenummer), "
            "aldrig namn eller personnummer.",
            code="personnummer",
        )
