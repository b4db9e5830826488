from django.apps import AppConfig


class SurveiConfig(AppConfig):
    name = "survei"
    verbose_name = "Survei Kepuasan Masyarakat"
