"""Enrolment import from CSV: all rows are checked first, nothing is kept when one is wrong."""

import codecs

import pytest
from django.contrib.auth import get_user_model

from courses.imports import (
    EnrollmentImportError,
    enrollment_import,
    enrollment_import_parse,
)
from courses.models import Edition, Enrollment, Organisation
from tests import factories as f

pytestmark = pytest.mark.django_db

User = get_user_model()

HEADER = "email,first name,last name,organisation,edition\n"


@pytest.fixture
def admin_user():
    return f.AdminFactory()


@pytest.fixture
def noord():
    return f.EditionFactory(name="Dienstverlening Noord", status=Edition.Status.OPEN, capacity=20)


@pytest.fixture
def zuid(noord):
    return f.EditionFactory(course=noord.course, name="Dienstverlening Zuid", capacity=20)


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return (header + "".join(line + "\n" for line in lines)).encode()


GOOD = (
    "jan.jansen@utrecht.nl,Jan,Jansen,Gemeente Utrecht,Dienstverlening Noord",
    "p.de.vries@zwolle.nl,Piet,de Vries,Gemeente Zwolle,dienstverlening noord",
    "jan.jansen@utrecht.nl,Jan,Jansen,Gemeente Utrecht,Dienstverlening Zuid",
)


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Organisation.objects.count(), Enrollment.objects.count()


def import_errors(data: bytes, actor) -> list[str]:
    with pytest.raises(EnrollmentImportError) as info:
        enrollment_import(data=data, actor=actor)
    return [str(error) for error in info.value.errors]


def test_good_file_creates_users_organisations_and_enrollments(admin_user, noord, zuid):
    report = enrollment_import(data=csv_bytes(*GOOD), actor=admin_user)

    assert report.users_created == 2
    assert report.organisations_created == 2
    assert report.enrollments_created == 3
    assert report.unchanged == 0
    jan = User.objects.get(email="jan.jansen@utrecht.nl")
    assert jan.username == "jan.jansen@utrecht.nl"
    assert (jan.first_name, jan.last_name) == ("Jan", "Jansen")
    assert not jan.has_usable_password()
    assert set(jan.enrollments.values_list("edition__name", flat=True)) == {
        "Dienstverlening Noord",
        "Dienstverlening Zuid",
    }
    piet = Enrollment.objects.get(learner__email="p.de.vries@zwolle.nl")
    assert piet.edition == noord
    assert piet.organisation.name == "Gemeente Zwolle"
    assert piet.status == Enrollment.Status.ACTIVE


def test_importing_the_same_file_twice_changes_nothing_the_second_time(admin_user, noord, zuid):
    enrollment_import(data=csv_bytes(*GOOD), actor=admin_user)
    before = counts()

    report = enrollment_import(data=csv_bytes(*GOOD), actor=admin_user)

    assert counts() == before
    assert report.users_created == report.enrollments_created == report.organisations_created == 0
    assert report.unchanged == 3


def test_existing_user_is_matched_by_email_case_insensitively_and_keeps_their_name(
    admin_user, noord
):
    existing = f.UserFactory(
        username="jjansen", email="Jan.Jansen@Utrecht.nl", first_name="Johannes"
    )
    report = enrollment_import(
        data=csv_bytes("JAN.JANSEN@utrecht.nl,Jan,Jansen,Gemeente Utrecht,Dienstverlening Noord"),
        actor=admin_user,
    )
    assert report.users_created == 0
    assert report.enrollments_created == 1
    existing.refresh_from_db()
    assert existing.first_name == "Johannes"
    assert Enrollment.objects.get().learner == existing


def test_existing_organisation_is_matched_case_insensitively(admin_user, noord):
    utrecht = f.OrganisationFactory(name="Gemeente Utrecht")
    report = enrollment_import(
        data=csv_bytes("jan@utrecht.nl,Jan,Jansen,gemeente utrecht,Dienstverlening Noord"),
        actor=admin_user,
    )
    assert report.organisations_created == 0
    assert Enrollment.objects.get().organisation == utrecht


def test_empty_organisation_enrols_without_one(admin_user, noord):
    enrollment_import(
        data=csv_bytes("jan@utrecht.nl,Jan,Jansen,,Dienstverlening Noord"), actor=admin_user
    )
    assert Enrollment.objects.get().organisation is None
    assert Organisation.objects.count() == 0


def test_edition_can_be_given_by_its_id(admin_user, noord):
    enrollment_import(
        data=csv_bytes(f"jan@utrecht.nl,Jan,Jansen,Gemeente Utrecht,{noord.pk}"), actor=admin_user
    )
    assert Enrollment.objects.get().edition == noord


def test_one_bad_row_among_good_rows_imports_nothing_and_names_line_and_reason(
    admin_user, noord, zuid
):
    before = counts()
    data = csv_bytes(GOOD[0], GOOD[1], "jan@,Jan,Jansen,Gemeente Utrecht,Dienstverlening Noord")

    errors = import_errors(data, admin_user)

    assert errors == ["regel 4: e-mailadres 'jan@' is ongeldig"]
    assert counts() == before


def test_every_bad_row_is_reported_in_file_order(admin_user, noord):
    data = csv_bytes(
        "jan@,Jan,Jansen,Gemeente Utrecht,Dienstverlening Noord",
        GOOD[0],
        "piet@zwolle.nl,Piet,de Vries,Gemeente Zwolle,Noord-Oost",
    )
    assert import_errors(data, admin_user) == [
        "regel 2: e-mailadres 'jan@' is ongeldig",
        "regel 4: editie 'Noord-Oost' bestaat niet",
    ]


def test_unknown_edition_is_an_error(admin_user, noord):
    errors = import_errors(csv_bytes(GOOD[0], "a@b.nl,An,Bos,Gemeente Ede,Noord-Oost"), admin_user)
    assert errors == ["regel 3: editie 'Noord-Oost' bestaat niet"]


def test_missing_first_name_is_an_error(admin_user, noord):
    errors = import_errors(
        csv_bytes("jan@utrecht.nl,  ,Jansen,Gemeente Utrecht,Dienstverlening Noord"), admin_user
    )
    assert errors == ["regel 2: voornaam ontbreekt"]


def test_missing_last_name_is_an_error(admin_user, noord):
    errors = import_errors(
        csv_bytes("jan@utrecht.nl,Jan,,Gemeente Utrecht,Dienstverlening Noord"), admin_user
    )
    assert errors == ["regel 2: achternaam ontbreekt"]


def test_missing_email_and_edition_are_errors(admin_user, noord):
    errors = import_errors(csv_bytes(",Jan,Jansen,Gemeente Utrecht,"), admin_user)
    assert errors == ["regel 2: e-mailadres ontbreekt", "regel 2: editie ontbreekt"]


def test_duplicate_email_for_the_same_edition_is_an_error(admin_user, noord):
    errors = import_errors(
        csv_bytes(
            GOOD[0],
            GOOD[1],
            f"JAN.JANSEN@utrecht.nl,Jan,Jansen,Gemeente Utrecht,{noord.pk}",
        ),
        admin_user,
    )
    assert errors == [
        "regel 4: e-mailadres 'JAN.JANSEN@utrecht.nl' staat al op regel 2 voor dezelfde editie"
    ]


def test_same_email_for_two_editions_is_fine(admin_user, noord, zuid):
    report = enrollment_import(data=csv_bytes(GOOD[0], GOOD[2]), actor=admin_user)
    assert report.enrollments_created == 2
    assert report.users_created == 1


def test_capacity_exceeded_counting_existing_active_enrollments(admin_user, noord):
    noord.capacity = 3
    noord.save()
    f.EnrollmentFactory(edition=noord)
    f.EnrollmentFactory(edition=noord, status=Enrollment.Status.WITHDRAWN)  # frees its place
    before = counts()

    errors = import_errors(
        csv_bytes(
            "a@ede.nl,An,Bos,Gemeente Ede,Dienstverlening Noord",
            "b@ede.nl,Bas,Bos,Gemeente Ede,Dienstverlening Noord",
            "c@ede.nl,Cor,Bos,Gemeente Ede,Dienstverlening Noord",
        ),
        admin_user,
    )

    assert errors == [
        "regel 4: editie 'Dienstverlening Noord' is vol: 3 plaatsen, 1 al ingeschreven, "
        "3 nieuw in dit bestand (1 te veel)"
    ]
    assert counts() == before


def test_capacity_exactly_filled_is_fine_and_already_enrolled_rows_take_no_new_place(
    admin_user, noord
):
    noord.capacity = 2
    noord.save()
    enrolled = f.EnrollmentFactory(edition=noord)
    report = enrollment_import(
        data=csv_bytes(
            f"{enrolled.learner.email},X,Y,Gemeente Ede,Dienstverlening Noord",
            "b@ede.nl,Bas,Bos,Gemeente Ede,Dienstverlening Noord",
        ),
        actor=admin_user,
    )
    assert (report.enrollments_created, report.unchanged) == (1, 1)


@pytest.mark.parametrize(
    ("status", "label"),
    [(Edition.Status.CANCELLED, "geannuleerd"), (Edition.Status.FINISHED, "afgerond")],
)
def test_cancelled_or_finished_edition_is_an_error(admin_user, noord, status, label):
    noord.status = status
    noord.save()
    errors = import_errors(csv_bytes(GOOD[0]), admin_user)
    assert errors == [
        f"regel 2: editie 'Dienstverlening Noord' is {label}; daar kan niemand meer bij"
    ]
    assert Enrollment.objects.count() == 0


def test_ambiguous_edition_name_asks_for_the_id(admin_user, noord):
    other = f.EditionFactory(name="Dienstverlening Noord")
    errors = import_errors(csv_bytes(GOOD[0]), admin_user)
    assert len(errors) == 1
    assert "niet eenduidig" in errors[0]
    assert str(noord.pk) in errors[0] and str(other.pk) in errors[0]


def test_empty_file_is_an_error(admin_user):
    assert import_errors(b"", admin_user) == ["Het bestand is leeg."]
    assert import_errors(b"\n \n", admin_user) == ["Het bestand is leeg."]


def test_header_only_is_an_error(admin_user):
    errors = import_errors(HEADER.encode(), admin_user)
    assert errors == ["Het bestand bevat alleen een kopregel en geen cursisten."]


def test_missing_columns_are_named(admin_user, noord):
    errors = import_errors(
        b"email,first name,edition\njan@utrecht.nl,Jan,Dienstverlening Noord\n", admin_user
    )
    assert errors == [
        "regel 1: kolommen ontbreken: last name, organisation "
        "(verwacht: email, first name, last name, organisation, edition)"
    ]


def test_unknown_column_in_header_is_too_many_columns(admin_user, noord):
    errors = import_errors(
        csv_bytes(GOOD[0] + ",0612345678", header=HEADER.strip() + ",telefoon\n"), admin_user
    )
    assert errors == [
        "regel 1: te veel kolommen: 'telefoon' is onbekend "
        "(verwacht: email, first name, last name, organisation, edition)"
    ]


def test_row_with_too_many_columns_is_an_error(admin_user, noord):
    errors = import_errors(csv_bytes(GOOD[0], GOOD[1] + ",extra"), admin_user)
    assert errors == ["regel 3: te veel kolommen (6 gevuld, verwacht 5)"]
    assert Enrollment.objects.count() == 0


def test_row_with_too_few_columns_is_an_error(admin_user, noord):
    errors = import_errors(csv_bytes(GOOD[0], "jan@utrecht.nl,Jan,Jansen"), admin_user)
    assert errors == ["regel 3: te weinig kolommen (3, verwacht 5)"]


def test_trailing_empty_separators_from_excel_are_ignored(admin_user, noord):
    data = (
        b"email;first name;last name;organisation;edition;\r\n"
        b"jan@utrecht.nl;Jan;Jansen;Gemeente Utrecht;Dienstverlening Noord;\r\n"
        b";;;;;\r\n"
    )
    report = enrollment_import(data=data, actor=admin_user)
    assert report.enrollments_created == 1


def test_semicolon_cp1252_file_from_dutch_excel_imports_correctly(admin_user, noord):
    data = (
        "E-mail;Voornaam;Achternaam;Organisatie;Editie\r\n"
        "henriette@zwolle.nl;Henriëtte;Çelik;Gemeente Súdwest-Fryslân;Dienstverlening Noord\r\n"
    ).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    report = enrollment_import(data=data, actor=admin_user)

    assert report.enrollments_created == 1
    user = User.objects.get(email="henriette@zwolle.nl")
    assert (user.first_name, user.last_name) == ("Henriëtte", "Çelik")
    assert Organisation.objects.get().name == "Gemeente Súdwest-Fryslân"


def test_utf8_with_bom_imports_correctly(admin_user, noord):
    data = codecs.BOM_UTF8 + csv_bytes("henriette@zwolle.nl,Henriëtte,Bos,,Dienstverlening Noord")
    report = enrollment_import(data=data, actor=admin_user)
    assert report.enrollments_created == 1
    assert User.objects.get(email="henriette@zwolle.nl").first_name == "Henriëtte"


def test_dutch_headers_case_and_spaces_ignored_in_any_order(admin_user, noord):
    data = (
        b" Editie , VOORNAAM,achternaam , e-mail,Organisatie\n"
        b"Dienstverlening Noord,Jan,Jansen,jan@utrecht.nl,Gemeente Utrecht\n"
    )
    rows = enrollment_import_parse(data)
    assert [(r.line, r.email, r.first_name, r.edition) for r in rows] == [
        (2, "jan@utrecht.nl", "Jan", "Dienstverlening Noord")
    ]
    assert enrollment_import(data=data, actor=admin_user).enrollments_created == 1


def test_names_are_normalised_to_nfc_and_stripped(admin_user, noord):
    decomposed = "Henrie\u0308tte"
    data = csv_bytes(f"h@zwolle.nl,  {decomposed}  , Bos ,,Dienstverlening Noord")
    [row] = enrollment_import_parse(data)
    assert row.first_name == "Henri\u00ebtte"
    assert row.last_name == "Bos"


def test_quoted_fields_with_separators_are_read(admin_user, noord):
    data = csv_bytes('jan@utrecht.nl,Jan,"Jansen, van",Gemeente Utrecht,Dienstverlening Noord')
    [row] = enrollment_import_parse(data)
    assert row.last_name == "Jansen, van"


def test_withdrawn_learner_stays_withdrawn_and_is_reported(admin_user, noord):
    withdrawn = f.EnrollmentFactory(edition=noord, status=Enrollment.Status.WITHDRAWN)
    report = enrollment_import(
        data=csv_bytes(f"{withdrawn.learner.email},A,B,Gemeente Ede,Dienstverlening Noord"),
        actor=admin_user,
    )
    withdrawn.refresh_from_db()
    assert withdrawn.status == Enrollment.Status.WITHDRAWN
    assert report.unchanged == 1
    assert report.enrollments_created == 0
    assert [row.line for row in report.withdrawn] == [2]


def test_non_text_files_are_rejected(admin_user):
    assert import_errors(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", admin_user) == [
        "Dit is geen tekstbestand. Upload een CSV-bestand."
    ]
    errors = import_errors(b"PK\x03\x04\x14\x00\x06\x00", admin_user)
    assert "Excel" in errors[0]


def test_parse_raises_with_every_row_error(noord):
    with pytest.raises(EnrollmentImportError) as info:
        enrollment_import_parse(csv_bytes("jan@,Jan,Jansen,,X", "piet@zwolle.nl,,Bos,,X"))
    assert [str(e) for e in info.value.errors] == [
        "regel 2: e-mailadres 'jan@' is ongeldig",
        "regel 3: voornaam ontbreekt",
    ]
