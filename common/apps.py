from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Umum"

    def ready(self) -> None:
        # Apps declare job kinds in <app>/jobs.py and exporters in <app>/exporters.py; importing
        # them here fills the registries (common.jobs, common.exporters) before any request or task.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs", "exporters")
