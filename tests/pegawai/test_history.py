"""History of pegawai records (django-simple-history): one row per saved change, naming the actor
and the source; `hirarki` (derived) is not tracked and makes no rows of its own."""

import pytest

from common.history import history_of
from pegawai import services
from pegawai.models import Pegawai, RiwayatPegawai
from tests.pegawai.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def test_create_and_update_record_the_actor_and_source(admin_bkd, unit_bidang, penilai):
    template = PegawaiFactory.build(unit_kerja=unit_bidang, instansi=unit_bidang.instansi)
    fields = {
        f.name: getattr(template, f.name)
        for f in Pegawai._meta.concrete_fields
        if f.name not in {"id", "user", "hirarki", "created_at", "updated_at", "atasan"}
    }
    p = services.pegawai_create(actor=admin_bkd.user, **fields)
    assert [(h.history_type, h.history_user_id) for h in history_of(p)] == [("+", admin_bkd.user_id)]
    services.pegawai_update(pegawai=p, actor=admin_bkd.user, atasan=penilai, sumber=RiwayatPegawai.Sumber.API)
    rows = list(history_of(p))
    assert [(h.history_type, h.atasan_id, h.history_user_id, h.history_change_reason) for h in rows] == [
        ("~", penilai.pk, admin_bkd.user_id, "api"),
        ("+", None, admin_bkd.user_id, "form"),
    ]
    assert not hasattr(rows[0], "hirarki")  # derived, rewritten for whole subtrees: not tracked
    # RiwayatPegawai (the curated career record) is unchanged in its role.
    assert RiwayatPegawai.objects.filter(pegawai=p, jenis="atasan").count() == 1
