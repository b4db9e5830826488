"""Login with a username or a NIP (spaces and dots allowed, as NIPs are printed)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from pegawai.rules import normalize_nip


class NipOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        candidate = normalize_nip(username)
        user = None
        if candidate.isdigit() and len(candidate) == 18:
            user = user_model.objects.filter(pegawai__nip=candidate).first()
        if user is None:
            user = user_model.objects.filter(username=username.strip()).first()
        if user is None:
            user_model().set_password(password)  # same cost as a real check (timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
