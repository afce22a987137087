from django.apps import AppConfig


class ClientAreaConfig(AppConfig):
    name = "client_area"
    verbose_name = "Client's area"

    def ready(self):
        from client_area import registrations  # noqa: F401
