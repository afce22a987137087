from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self):
        from clients import checks  # noqa: F401 (registers the system checks)
        from clients.models import PolicyDocument, PolicyVersion
        from practice.page_cache import CONTENT, register_page_models

        register_page_models(CONTENT, PolicyDocument, PolicyVersion)
