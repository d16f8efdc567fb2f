"""Ask before an irreversible or outward step (issue 11: "Safe steps").

The step's button posts to the step's URL as before. `confirm_first` answers that first
POST with a page that says what will happen and offers "confirm" and "cancel"; only the
POST from that page (it carries `confirmed=1`) goes on to do the step. The other fields of
the first POST (a text for the public, where to return) are carried over unchanged.
"""

from django.shortcuts import render

CONFIRMED = "confirmed"


def confirm_first(request, *, title, consequences, confirm_label, cancel_url):
    """None when the POST is confirmed (go on with the step); otherwise the confirm page.

    Example: a controller presses "Besluta planen"; the page "Besluta uppföljningsplanen
    2026?" lists ["186 uppföljningar blir planens beslutade innehåll.", ...] with the
    buttons "Ja, besluta planen" and "Avbryt" (back to the plan). Pressing "Ja, …" posts
    `confirmed=1` and the plan is approved.
    """
    if request.method == "POST" and request.POST.get(CONFIRMED) == "1":
        return None
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in (CONFIRMED, "csrfmiddlewaretoken")
        for value in values
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "carried": carried,
            "action": request.get_full_path(),
        },
    )
