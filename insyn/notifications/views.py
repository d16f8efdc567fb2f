"""Pages: the person's own notifications, the unread count for the header, mark read, and
the e-mail choices per kind. Thin: reads in queries.py, writes in services.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.accounts.predicates import is_municipal
from insyn.core.access import require_perm
from insyn.core.confirm import confirm_first
from insyn.core.links import absolute_url
from insyn.core.pagination import paginate

from . import calendar, queries, services
from .constants import MailStatus
from .forms import OutboxFilterForm, PreferenceForm
from .kinds import KINDS, label
from .models import Bounce, CalendarFeed, NotificationSettings, OutgoingMail, Preference


def _own(request, pk):
    # Another person's notification is outside the scope: 404, existence not guessable.
    return get_object_or_404(queries.notifications_for(request.user), pk=pk)


@login_required
def notification_list(request):
    rows = queries.notifications_for(request.user)
    only_unread = request.GET.get("olasta") == "1"
    if only_unread:
        rows = rows.filter(read_at__isnull=True)
    page = paginate(request, rows, per_page=25)
    page.object_list = queries.shown(page.object_list)
    for row in page.object_list:
        row.kind_label = label(row.kind)
    unread, more = queries.unread_summary(request.user)
    return render(
        request,
        "notifications/list.html",
        {"page": page, "only_unread": only_unread, "unread": unread, "more": more},
    )


@login_required
def unread(request):
    """The header's badge (loaded by htmx after the page): the unread notifications the
    person may still see, as the list shows them (`queries.unread_summary`)."""
    count, more = queries.unread_summary(request.user)
    return render(request, "notifications/_unread.html", {"count": count, "more": more})


@login_required
def open_notification(request, pk):
    """Mark read and go to the object."""
    notification = _own(request, pk)
    services.mark_read(request.user, [notification.pk])
    if not queries.shown([notification]):
        messages.error(request, "Det som aviseringen gäller finns inte längre eller är inte ditt.")
        return redirect("notifications:list")
    return redirect(notification.link)


@login_required
@require_POST
def mark_read(request, pk):
    notification = _own(request, pk)
    services.mark_read(request.user, [notification.pk])
    if request.headers.get("HX-Request"):
        return HttpResponse("Läst")
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(request.user)
    messages.success(
        request, f"{count} {'avisering' if count == 1 else 'aviseringar'} markerade som lästa."
    )
    return redirect("notifications:list")


@login_required
def preferences(request):
    current = dict(Preference.objects.filter(user=request.user).values_list("kind", "delivery"))
    mandatory = NotificationSettings.current().mandatory_kinds
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        kinds=KINDS.values(),
        current=current,
        mandatory=mandatory,
    )
    if request.method == "POST" and form.is_valid():
        services.save_preferences(request.user, form.cleaned_data)
        messages.success(request, "Dina val för e-post är sparade.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _year(request) -> int:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def year_calendar(request):
    """Årshjulet: the year's dates month by month, for the person or a committee."""
    year = _year(request)
    committees = OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE).order_by("name")
    try:
        committee_id = int(request.GET.get("namnd", "") or 0) or None
    except ValueError:
        committee_id = None
    mine = request.GET.get("mina") == "1"
    category = request.GET.get("typ", "")
    category = category if category in calendar.CATEGORIES else ""
    found = calendar.entries(
        request.user, year, committee_id=committee_id, mine=mine, category=category
    )
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "notifications/calendar.html",
        {
            "year": year,
            "months": calendar.by_month(found),
            "count": len(found),
            "committees": committees if is_municipal(request.user) else [],
            "committee_id": committee_id,
            "mine": mine,
            "categories": calendar.CATEGORIES,
            "category": category,
            "feed_url": absolute_url(reverse("notifications:calendar_feed", args=[feed.token]))
            if feed
            else "",
        },
    )


@login_required
@require_POST
def renew_feed(request):
    services.renew_calendar_feed(request.user)
    messages.success(request, "Ny kalenderadress skapad. Den gamla adressen fungerar inte längre.")
    return redirect("notifications:calendar")


def calendar_feed(request, token):
    """The iCalendar feed: no login, the secret in the address; wrong or renewed → 404."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    year = timezone.localdate().year
    found = calendar.entries(feed.user, year) + calendar.entries(feed.user, year + 1)
    body = calendar.ical(found, settings.INSYN["MUNICIPALITY_NAME"])
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def outbox(request):
    """The administrator's delivery log: every mail with its status, attempts, sent time
    and the reason it failed; filters; the municipality's settings beside it."""
    require_perm(request.user, "notifications.manage_outbox")
    form = OutboxFilterForm(
        request.GET or None, kinds=KINDS.values(), digest_value=queries.DIGEST_FILTER
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    mails = queries.outbox(
        kind=filters.get("typ", ""),
        receiver=filters.get("mottagare", "").strip(),
        status=filters.get("status", ""),
    )
    page = paginate(request, mails, per_page=50)
    for mail in page.object_list:
        mail.kind_label = label(mail.kind) if mail.kind else "Daglig sammanfattning"
    current = NotificationSettings.current()
    return render(
        request,
        "notifications/outbox.html",
        {
            "filter": {"form": form},
            "page": page,
            "failed": MailStatus.FAILED,
            "resendable": (MailStatus.FAILED, MailStatus.SKIPPED, MailStatus.SENDING),
            "digest_hour": current.digest_hour,
            "mandatory": [label(key) for key in current.mandatory_kinds],
            "bounces": Bounce.objects.count(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def outbox_resend(request, pk):
    """Queue a mail that could not be sent (or was left claimed, or skipped) again; asks
    first."""
    require_perm(request.user, "notifications.manage_outbox")
    mail = get_object_or_404(OutgoingMail.objects.select_related("recipient"), pk=pk)
    if mail.status in (MailStatus.PENDING, MailStatus.SENT):
        messages.error(
            request,
            f"Utskicket till {mail.recipient} är redan {mail.get_status_display().lower()}.",
        )
        return redirect("notifications:outbox")
    asked = confirm_first(
        request,
        title=f"Skicka igen till {mail.recipient}?",
        consequences=[
            f"”{mail.subject or 'Daglig sammanfattning'}” skickas på nytt till "
            f"{mail.recipient.email or 'mottagaren (som saknar e-postadress)'}.",
            "Försöken räknas från noll; misslyckas det igen försöker Insyn tre gånger till.",
            "Har brevet redan kommit fram får mottagaren det två gånger.",
        ],
        confirm_label="Ja, skicka igen",
        cancel_url=reverse("notifications:outbox"),
    )
    if asked:
        return asked
    services.resend(mail)
    messages.success(request, f"Utskicket till {mail.recipient} är köat för att skickas igen.")
    return redirect("notifications:outbox")
