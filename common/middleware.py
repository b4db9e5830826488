"""Language: Bahasa Indonesia unless the user picked another language (the footer's switch sets the
language cookie). The browser's Accept-Language is deliberately ignored: many ASN run an English
operating system but the service, its regulations and its forms are in Bahasa Indonesia."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
