from django.apps import AppConfig


class ClientAreaConfig(AppConfig):
    name = "client_area"
    verbose_name = "Client's area"
