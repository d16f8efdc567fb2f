"""A generated document's page (status, progress while the worker builds it), its status
fragment (polled by htmx) and its download. Only the person who ordered it, and only while
they may still read what it was built from (core.documents.may_download); anyone else gets
the 404 a document that does not exist gets."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from . import documents
from .models import GeneratedDocument


def _document(request, pk) -> GeneratedDocument:
    document = GeneratedDocument.objects.filter(pk=pk).first()
    if document is None or not documents.may_download(request.user, document):
        raise Http404
    return document


@login_required
def document_detail(request, pk):
    context = {"document": _document(request, pk), "keep_days": documents.get("KEEP_DAYS")}
    return render(request, "core/document.html", context)


@login_required
def document_status(request, pk):
    return render(request, "core/_document_status.html", {"document": _document(request, pk)})


@login_required
def document_download(request, pk):
    document = _document(request, pk)
    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise Http404
    with document.file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
