"""The public SKM form: valid answers stored, bad input refused with a clear page, abuse guarded."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from pegawai.permissions import Peran
from survei.models import Respon
from tests.pegawai.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory
from tests.survei.factories import JenisLayananFactory, PeriodeSurveiFactory, ResponFactory, UnitLayananFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def periode():
    p = PeriodeSurveiFactory(unit=UnitLayananFactory(kode="dukcapil-loket-1", nama="Loket Disdukcapil"))
    JenisLayananFactory(unit=p.unit, nama="KTP elektronik")
    return p


def _post_data(periode, **over):
    data = {f"u{i}": "4" for i in range(1, 10)}
    data["jenis_layanan"] = str(periode.unit.jenis_layanan.first().pk)
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def _url(periode):
    return reverse("skm:form", args=[periode.unit.kode])


def test_form_renders_every_unsur_in_the_units_order(client, periode):
    periode.unit.urutan_unsur = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U9", "U8"]
    periode.unit.save()
    html = client.get(_url(periode)).content.decode()
    assert html.index('name="u9"') < html.index('name="u8"')  # Sarana asked before Pengaduan
    assert html.count('type="radio"') == 36
    assert "Sangat sesuai" in html and "Dikelola dengan baik" in html


def test_valid_response_is_stored_anonymously_and_thanks(client, periode):
    r = client.post(
        _url(periode), _post_data(periode, saran="Antrean lebih cepat", usia="26-35"), REMOTE_ADDR="10.1.2.3"
    )
    assert r.status_code == 302 and r.url == reverse("skm:terima_kasih", args=[periode.unit.kode])
    respon = Respon.objects.get()
    assert respon.jawaban() == [4] * 9 and respon.saran == "Antrean lebih cepat" and respon.usia == "26-35"
    stored = " ".join(str(getattr(respon, f.attname)) for f in Respon._meta.concrete_fields)
    assert "10.1.2.3" not in stored  # no IP address kept
    assert client.get(r.url).status_code == 200


@pytest.mark.parametrize(
    "over,message",
    [
        ({"u3": None}, "nomor 3"),
        ({"u1": "5"}, "nomor 1"),
        ({"u9": "0"}, "nomor 9"),
        ({"u2": "abc"}, "nomor 2"),
        ({"jenis_layanan": None}, "layanan"),
        ({"jenis_layanan": "999999"}, "Layanan tidak dikenal"),
    ],
)
def test_missing_or_out_of_range_answers_are_refused_and_nothing_is_stored(client, periode, over, message):
    r = client.post(_url(periode), _post_data(periode, **over))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert Respon.objects.count() == 0


def test_the_form_re_renders_what_was_chosen_after_an_error(client, periode):
    r = client.post(_url(periode), _post_data(periode, u3=None, u1="2"))
    html = r.content.decode()
    assert 'name="u1" value="2" id="id_u1_1" required checked' in html


def test_tampered_unit_code_is_404(client, periode):
    assert client.get("/s/tidak-ada/").status_code == 404
    assert client.post("/s/tidak-ada/", {"u1": "4"}).status_code == 404


def test_closed_period_is_refused_with_a_clear_page(client, periode):
    periode.selesai = dt.date.today() - dt.timedelta(days=1)
    periode.mulai = periode.selesai - dt.timedelta(days=10)
    periode.save()
    assert "tidak dibuka" in client.get(_url(periode)).content.decode()
    r = client.post(_url(periode), _post_data(periode))
    assert r.status_code == 400 and Respon.objects.count() == 0


def test_honeypot_is_refused(client, periode):
    r = client.post(_url(periode), _post_data(periode, website="http://spam.example"))
    assert r.status_code == 400 and Respon.objects.count() == 0


def test_one_response_per_device_per_day(client, periode):
    assert client.post(_url(periode), _post_data(periode)).status_code == 302
    assert "sudah mengisi" in client.get(_url(periode)).content.decode()
    r = client.post(_url(periode), _post_data(periode))
    assert r.status_code == 429 and Respon.objects.count() == 1


def test_a_retry_with_the_same_client_token_counts_once(client, periode):
    token = str(uuid.uuid4())
    assert client.post(_url(periode), _post_data(periode, client_token=token)).status_code == 302
    assert client.post(_url(periode), _post_data(periode, client_token=token)).status_code == 302
    assert Respon.objects.count() == 1


def test_a_flood_from_one_client_is_throttled(client, periode, settings):
    from survei import views

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "flood"}}
    statuses = []
    for _ in range(views.RATE_LIMIT + 2):
        client.cookies.clear()
        statuses.append(client.post(_url(periode), _post_data(periode), REMOTE_ADDR="10.9.9.9").status_code)
    assert statuses[: views.RATE_LIMIT] == [302] * views.RATE_LIMIT
    assert statuses[-1] == 429
    assert Respon.objects.count() == views.RATE_LIMIT


def test_a_huge_body_is_refused(client, periode):
    r = client.post(_url(periode), _post_data(periode, saran="x" * 70_000))
    assert r.status_code == 400 and Respon.objects.count() == 0


def _pengelola(unit):
    user = UserFactory(peran=[Peran.PENGELOLA_SURVEI])
    unit.pengelola.add(user)
    return user


def test_pengelola_sees_own_unit_results_and_not_another(client, periode):
    other = PeriodeSurveiFactory()
    ResponFactory(periode=periode, **{f"u{i}": 3 for i in range(1, 10)})
    user = _pengelola(periode.unit)
    client.force_login(user)
    r = client.get(reverse("survei:hasil", args=[periode.unit.pk]))
    assert r.status_code == 200 and "75.00" in r.content.decode().replace(",", ".")
    assert client.get(reverse("survei:hasil", args=[other.unit.pk])).status_code == 404
    index = client.get(reverse("survei:index")).content.decode()
    assert periode.unit.nama in index and other.unit.nama not in index


def test_plain_asn_has_no_survey_results(client, periode):
    asn = PegawaiFactory()
    client.force_login(asn.user)
    assert client.get(reverse("survei:index")).status_code == 403
    assert client.get(reverse("survei:hasil", args=[periode.unit.pk])).status_code == 404


def test_admin_of_another_instansi_gets_404(client, periode):
    admin = PegawaiFactory(
        unit_kerja=UnitKerjaFactory(instansi=InstansiFactory()), user=UserFactory(peran=[Peran.ADMIN_INSTANSI])
    )
    client.force_login(admin.user)
    assert client.get(reverse("survei:hasil", args=[periode.unit.pk])).status_code == 404


def test_saran_is_hidden_and_shown_never_deleted(client, periode):
    respon = ResponFactory(periode=periode, u1=4, saran="Tolong tambah kursi")
    client.force_login(_pengelola(periode.unit))
    client.post(reverse("survei:saran_toggle", args=[respon.pk]), {"sembunyikan": "1"})
    respon.refresh_from_db()
    assert respon.saran_disembunyikan is True and respon.saran == "Tolong tambah kursi"
    client.post(reverse("survei:saran_toggle", args=[respon.pk]), {"sembunyikan": "0"})
    respon.refresh_from_db()
    assert respon.saran_disembunyikan is False
