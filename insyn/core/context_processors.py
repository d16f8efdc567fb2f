"""Values every template needs: the municipality's name and the user's role flags."""

from django.conf import settings


def insyn(request):
    return {"MUNICIPALITY_NAME": settings.INSYN["MUNICIPALITY_NAME"]}
