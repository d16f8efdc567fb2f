"""One's own notifications over HTTP (/api/v1/notifications/): read, and mark read."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from insyn.core.api import Pagination, RulesObjectPermission
from insyn.core.links import absolute_url

from . import queries, services
from .kinds import label
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "subject",
            "text",
            "url",
            "occurred_on",
            "created_at",
            "read",
            "read_at",
        ]

    def get_kind_label(self, obj) -> str:
        return label(obj.kind)

    def get_url(self, obj) -> str:
        return absolute_url(obj.link)

    def get_read(self, obj) -> bool:
        return obj.read_at is not None


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Aviseringar: den inloggades egna, nyast först; markera som läst."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated, RulesObjectPermission]
    pagination_class = Pagination
    perms = {
        "list": "notifications.view_own",
        "retrieve": "notifications.view_notification",
        "read": "notifications.view_own",  # the scoped queryset gives 404 for others
    }

    def get_queryset(self):
        return queries.notifications_for(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], url_path="read")
    def read(self, request, pk=None):
        notification = self.get_object()
        services.mark_read(request.user, [notification.pk])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)


def register_routes(router):
    router.register("notifications", NotificationViewSet, basename="notification")
