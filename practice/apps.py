from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice"

    def ready(self):
        from practice import checks  # noqa: F401 (registers the system checks)
        from practice.models import PracticeDetails, SocialLink
        from practice.page_cache import CONTENT, register_page_models

        register_page_models(CONTENT, PracticeDetails, SocialLink)
