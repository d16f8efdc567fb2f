"""Refuses requests that carry control characters in their text (see insyn/core/text.py).

One check for every form, search field and API body instead of one per field: a NUL in a
form field would be stored on SQLite and give a 500 on PostgreSQL. Query strings and form
fields are checked everywhere; JSON bodies under /api/. The answer is a 400 with a Swedish
message, JSON for the API.
"""

import json

from django.http import JsonResponse
from django.shortcuts import render

from .text import control_character_message, find_control_character


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts(request):
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for data in sources:
        for key, values in data.lists():
            yield key
            yield from values
    if request.path.startswith("/api/") and request.content_type == "application/json":
        try:
            yield from _strings(json.loads(request.body or b"null"))
        except ValueError:
            return  # DRF answers malformed JSON itself


class RejectControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for text in _texts(request):
            code = find_control_character(text)
            if code:
                message = control_character_message(code)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message}, status=400)
                return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
