from django.apps import AppConfig


class PluginAppConfig(AppConfig):
    name = "tests.plugin_app"
    label = "plugin_app"
    verbose_name = "Test plugin"

    def ready(self) -> None:
        # A third party's question type registers here, as the shipped ones do in assessments.
        from assessments.questions.types import registry

        from .questions import GapsType

        registry.register(GapsType)
