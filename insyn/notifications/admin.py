"""The administrator's view of the outbox (what was sent to whom, when, delivered or why
not, with resend), bounced addresses, and the municipality's settings."""

from django.contrib import admin

from .kinds import label
from .models import Bounce, CommitteeMeeting, NotificationSettings, OutgoingMail, ReportDate


class SystemAdminOnly(admin.ModelAdmin):
    """The role 'Systemförvaltare' (rules: notifications.manage_outbox), not Django's model
    permissions: the outbox needs no per-model grants."""

    def has_module_permission(self, request):
        return request.user.has_perm("notifications.manage_outbox")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("notifications.manage_outbox")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("notifications.manage_outbox")


@admin.register(OutgoingMail)
class OutgoingMailAdmin(SystemAdminOnly):
    list_display = [
        "created_at",
        "recipient",
        "kind_label",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__username", "to_email", "subject"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]
    # Resend is on the outbox page (/aviseringar/utskick/), which asks first.
    actions = None

    @admin.display(description="typ")
    def kind_label(self, mail):
        return label(mail.kind) if mail.kind else "Daglig sammanfattning"

    def has_add_permission(self, request):
        return False


@admin.register(Bounce)
class BounceAdmin(SystemAdminOnly):
    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("notifications.manage_outbox")

    list_display = ["user", "email", "reason", "created_at"]
    search_fields = ["user__username", "email"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(SystemAdminOnly):
    list_display = ["__str__", "digest_hour"]

    def has_add_permission(self, request):
        allowed = request.user.has_perm("notifications.manage_outbox")
        return allowed and not NotificationSettings.objects.exists()


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(SystemAdminOnly):
    list_display = ["date", "title", "committee"]
    list_filter = ["committee"]

    def has_add_permission(self, request):
        return request.user.has_perm("notifications.manage_outbox")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("notifications.manage_outbox")


@admin.register(ReportDate)
class ReportDateAdmin(SystemAdminOnly):
    list_display = ["date", "report", "year", "committee"]
    list_filter = ["report", "committee"]

    def has_add_permission(self, request):
        return request.user.has_perm("notifications.manage_outbox")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("notifications.manage_outbox")
