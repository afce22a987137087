"""Rooms in the admin: "How clients join sessions", the provider and her own meeting links per
service. Each booking's page offers joining its room and a new one (workplace/admin.py)."""

from django.conf import settings
from django.contrib import admin
from django.db import models

from practice.admin_helpers import SingletonAdmin
from rooms.models import RoomSettings, ServiceRoomLink

# Meeting addresses are https (and Django 6 assumes so too).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ServiceRoomLinkInline(admin.TabularInline):
    model = ServiceRoomLink
    extra = 0
    formfield_overrides = HTTPS_URLS
    verbose_name_plural = "your own meeting links, per service"


@admin.register(RoomSettings)
class RoomSettingsAdmin(SingletonAdmin):
    formfield_overrides = HTTPS_URLS
    inlines = [ServiceRoomLinkInline]
    fields = ["provider", "jitsi_base_url", "default_server"]
    readonly_fields = ["default_server"]

    @admin.display(description="the site's default Jitsi server")
    def default_server(self, obj):
        return settings.JITSI_BASE_URL
