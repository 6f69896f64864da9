"""A public course page and sign-up: anyone reads the course from its data and signs up (also
several employees at once); a honeypot and a rate limit keep robots out; an administrator
accepts (enrolment and invitation), rejects with a reason, or puts on the waiting list; a
freed place is offered to the first on the list, who has a few days to take it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from courses.models import Edition, Enrollment, Invitation, SignUp, SignUpSubmission
from courses.signups import services
from courses.signups.selectors import offer_token
from tests import factories as f
from tests.a11y import problems
from tests.courses.signup_helpers import (
    INVITATION,
    OFFER,
    PASSING,
    build_course,
    build_edition,
    first_day,
    form_data,
    link_in,
    send_outbox,
)
from tests.logins import log_in

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Balie-gesprek-2027!"


@pytest.fixture
def course():
    return build_course()


@pytest.fixture
def noord(course):
    return build_edition(
        course, name="Dienstverlening Noord", region="noord", first_day=first_day()
    )


@pytest.fixture
def admin_client(client):
    client.force_login(f.AdminFactory(username="beheerder", first_name="Bea"))
    return client


def signed_up(edition, *learners, **extra) -> SignUp:
    """A sign-up sent through the service (as the form does); the first learner's row."""
    learners = learners or (services.Person("Jan", "Jansen", "jan.jansen@zwolle.nl"),)
    submission = services.signup_submit(
        edition_id=edition.pk,
        learners=learners,
        name=extra.pop("name", f"{learners[0].first_name} {learners[0].last_name}"),
        email=extra.pop("email", learners[0].email),
        invoice_name="Gemeente Zwolle",
        invoice_address="Grote Kerkplein 15, Zwolle",
        organisation_name="Gemeente Zwolle",
        **extra,
    )
    return submission.signups.order_by("pk").first()


def enrol_someone(edition, n: int = 1) -> list[Enrollment]:
    return [f.EnrollmentFactory(edition=edition) for _ in range(n)]


# --- the public page --------------------------------------------------------------------------


def test_anyone_reads_the_course_from_its_data_with_price_days_venues_and_places_left(
    client, course, noord
):
    zuid = build_edition(
        course, name="Dienstverlening Zuid", region="zuid", first_day=first_day(10), capacity=1
    )
    enrol_someone(zuid)
    build_edition(
        course,
        name="Dienstverlening Midden",
        region="midden",
        first_day=first_day(2),
        status=Edition.Status.RUNNING,
    )
    enrol_someone(noord)

    response = client.get(reverse("courses:public_course", args=["dienstverlening"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "€\xa01.075 excl. btw per cursist" in page
    assert "5 dagdelen" in page and PASSING in page
    assert "Dienstverlening is een <strong>vak</strong>." in page and "<script>alert" not in page
    for title in ("Inleiding", "Waardevolle gesprekken", "Omgaan met emoties"):
        assert title in page
    assert "Dagdeel 2 &amp; 3" in page and "Dagdeel 4 &amp; 5" in page
    day = formats.date_format(first_day(), "l j F Y")
    assert day in page and "08:30–12:30" in page and "09:00–17:00" in page
    assert "Stadskantoor Dienstverlening Noord" in page
    assert "Nog 2 plaatsen vrij" in page
    assert "Deze editie is vol." in page and "Aanmelden voor de wachtlijst (regio Zuid)" in page
    assert "Aanmelden voor regio Noord" in page
    assert "Midden" not in page  # running: no sign-up any more
    assert page.index("Regio Noord") < page.index("Regio Zuid")
    assert problems(page) == []


def test_the_price_is_written_the_dutch_way(client, course, noord):
    course.price_excl_vat = "12075.50"
    course.save()
    page = client.get(reverse("courses:public_course", args=[course.slug])).content.decode()
    assert "€\xa012.075,50 excl. btw per cursist" in page


def test_the_course_list_shows_the_courses_open_for_sign_up(client, course, noord):
    closed = f.CourseFactory(title="Cursus zonder data")
    f.EditionFactory(course=closed, status=Edition.Status.RUNNING)
    response = client.get(reverse("courses:public_courses"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vaardigheidsmodule Dienstverlening" in page and "Cursus zonder data" not in page
    assert reverse("courses:public_course", args=[course.slug]) in page
    assert problems(page) == []
    assert client.get(reverse("courses:public_course", args=["bestaat-niet"])).status_code == 404


def queries(client, url: str) -> int:
    client.get(url)  # warm: content types, translations
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["courses:public_course", "courses:signup"])
def test_the_public_pages_take_the_same_queries_for_one_and_eight_editions(client, course, name):
    url = reverse(name, args=[course.slug])
    build_edition(course, name="Editie 1", region="noord", first_day=first_day())
    one = queries(client, url)
    for i in range(2, 9):
        edition = build_edition(course, name=f"Editie {i}", region="zuid", first_day=first_day(i))
        enrol_someone(edition, 2)
        signed_up(edition, services.Person("A", "B", f"a{i}@b.nl"))
    assert queries(client, url) == one <= 6


# --- signing up -------------------------------------------------------------------------------


def test_a_sign_up_is_saved_and_confirmed_by_email(client, noord):
    url = reverse("courses:signup", args=["dienstverlening"])
    form = client.get(url + f"?editie={noord.pk}")
    assert form.status_code == 200 and problems(form.content.decode()) == []
    assert f'value="{noord.pk}" required id="id_edition_0" checked' in form.content.decode()

    response = client.post(url, form_data(noord, remarks="Ik werk niet op woensdag."))
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:signup_thanks", args=["dienstverlening"])
    thanks = client.get(response["Location"]).content.decode()
    assert "Bedankt voor je aanmelding!" in thanks

    signup = SignUp.objects.get()
    assert (signup.full_name, signup.email, signup.state) == (
        "Jan Jansen",
        "jan.jansen@zwolle.nl",
        SignUp.State.NEW,
    )
    submission = signup.submission
    assert submission.invoice_reference == "PO-2026-114"
    assert submission.remarks == "Ik werk niet op woensdag."
    assert submission.email == "jan.jansen@zwolle.nl"  # signed up themselves
    assert not submission.submitter.has_usable_password()

    [message] = send_outbox()
    assert message.to == ["jan.jansen@zwolle.nl"]
    assert (
        message.subject == "We hebben je aanmelding ontvangen: Vaardigheidsmodule Dienstverlening"
    )
    assert "Hallo Jan Jansen," in message.body
    assert "Dienstverlening Noord" in message.body
    assert formats.date_format(first_day(), "l j F Y") in message.body
    assert "Dagdeel 2 & 3, Waardevolle gesprekken" in message.body


def test_an_employer_signs_up_several_employees_at_once(client, noord):
    url = reverse("courses:signup", args=["dienstverlening"])
    data = form_data(
        noord,
        ("Jan", "Jansen", "jan@zwolle.nl"),
        ("Fatima", "El Amrani", "fatima@zwolle.nl"),
        ("Piet", "de Vries", "piet@zwolle.nl"),
        name="Henriëtte de Vries",
        email="hr@zwolle.nl",
        phone="038 498 9898",
    )
    assert client.post(url, data).status_code == 302
    signups = list(SignUp.objects.order_by("pk"))
    assert [s.full_name for s in signups] == ["Jan Jansen", "Fatima El Amrani", "Piet de Vries"]
    assert {s.submission_id for s in signups} == {signups[0].submission_id}
    assert SignUpSubmission.objects.get().name == "Henriëtte de Vries"

    [message] = send_outbox()
    assert message.to == ["hr@zwolle.nl"]
    assert "Hallo Henriëtte de Vries," in message.body
    assert "- Fatima El Amrani" in message.body and "- Piet de Vries" in message.body


def test_the_same_address_twice_in_one_form_is_refused(client, noord):
    url = reverse("courses:signup", args=["dienstverlening"])
    data = form_data(noord, ("Jan", "Jansen", "jan@zwolle.nl"), ("Jan", "J", "JAN@zwolle.nl"))
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Dit e-mailadres staat er al boven." in response.content.decode()
    assert not SignUp.objects.exists()


def test_the_form_says_what_is_missing_and_keeps_nothing(client, noord):
    url = reverse("courses:signup", args=["dienstverlening"])
    data = form_data(noord, ("", "", ""), invoice_name="", name="Henriëtte")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    for text in (
        "Vul de voornaam in.",
        "Vul het e-mailadres in.",
        "Vul in op wiens naam de factuur moet.",
        "Vul ook je e-mailadres in",
    ):
        assert text in page
    assert problems(page) == []
    assert not SignUp.objects.exists() and not SignUpSubmission.objects.exists()


def test_a_filled_in_honeypot_saves_nothing_and_gets_the_same_thanks(client, noord):
    url = reverse("courses:signup", args=["dienstverlening"])
    human = client.post(url, form_data(noord))
    robot = client.post(url, form_data(noord, website="https://spam.example"))
    assert robot.status_code == human.status_code == 302
    assert robot["Location"] == human["Location"]
    assert SignUp.objects.count() == 1
    assert len(send_outbox()) == 1


def test_one_client_sends_only_so_many_forms_an_hour(client, noord, settings):
    settings.LMS_SIGNUP_RATE = 2
    url = reverse("courses:signup", args=["dienstverlening"])
    for n in range(2):
        data = form_data(noord, ("Jan", "Jansen", f"jan{n}@zwolle.nl"))
        assert client.post(url, data).status_code == 302
    response = client.post(url, form_data(noord, ("Piet", "Pot", "piet@zwolle.nl")))
    assert response.status_code == 429
    assert "Probeer het over een uur" in response.content.decode()
    assert SignUp.objects.count() == 2
    other = client.post(url, form_data(noord), REMOTE_ADDR="192.0.2.7")  # another client
    assert other.status_code == 302


def test_a_full_edition_puts_a_sign_up_on_the_waiting_list(client, noord):
    enrol_someone(noord, 3)
    page = client.get(reverse("courses:signup", args=["dienstverlening"])).content.decode()
    assert "vol: je komt op de wachtlijst" in page
    client.post(reverse("courses:signup", args=["dienstverlening"]), form_data(noord))
    signup = SignUp.objects.get()
    assert signup.state == SignUp.State.WAITING and signup.waiting_since is not None
    [message] = send_outbox()
    assert "staat de aanmelding op de wachtlijst" in message.body


def test_an_edition_that_is_not_open_cannot_be_chosen(client, course, noord):
    running = build_edition(
        course, name="Lopend", region="zuid", first_day=first_day(), status="running"
    )
    url = reverse("courses:signup", args=["dienstverlening"])
    response = client.post(url, form_data(running))
    assert response.status_code == 400 and "Kies een van de edities" in response.content.decode()
    assert not SignUp.objects.exists()


# --- the administrator's queue ----------------------------------------------------------------


def test_only_administrators_see_the_queue(client, noord):
    signup = signed_up(noord)
    urls = [reverse("courses:signup_queue"), reverse("courses:signup_detail", args=[signup.pk])]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    trainer = f.UserFactory()
    noord.trainers.add(trainer)
    for user in (trainer, f.EnrollmentFactory(edition=noord).learner):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(urls[1], {"action": "accept"}).status_code == 404
    assert SignUp.objects.get().state == SignUp.State.NEW
    client.force_login(f.AdminFactory())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert problems(response.content.decode()) == []


def test_the_queue_takes_the_same_queries_for_three_and_thirty_sign_ups(
    admin_client, course, noord
):
    zuid = build_edition(course, name="Zuid", region="zuid", first_day=first_day())
    url = reverse("courses:signup_queue")

    def add(n: int, edition):
        for i in range(n):
            signed_up(edition, services.Person("A", str(i), f"{edition.pk}-{i}@b.nl"))

    add(3, noord)
    few = queries(admin_client, url)
    add(27, zuid)
    assert queries(admin_client, url) == few <= 12


def test_accepting_enrols_the_learner_and_invites_them_to_choose_a_password(
    admin_client, client, noord
):
    signup = signed_up(noord)
    send_outbox()
    queue = admin_client.get(reverse("courses:signup_queue")).content.decode()
    assert "Jan Jansen" in queue and "nog 3 plaatsen vrij" in queue

    response = admin_client.post(
        reverse("courses:signup_detail", args=[signup.pk]), {"action": "accept"}
    )
    assert response.status_code == 302
    assert (
        "Jan Jansen is ingeschreven in Dienstverlening Noord"
        in admin_client.get(response["Location"]).content.decode()
    )
    signup.refresh_from_db()
    assert signup.state == SignUp.State.ACCEPTED and signup.decided_by.username == "beheerder"
    enrollment = Enrollment.objects.get(edition=noord)
    assert enrollment == signup.enrollment and enrollment.learner.email == "jan.jansen@zwolle.nl"
    assert enrollment.organisation.name == "Gemeente Zwolle"
    assert (enrollment.learner.first_name, enrollment.learner.last_name) == ("Jan", "Jansen")

    [invitation] = send_outbox()  # signed up themselves: the invitation says it all
    assert invitation.to == ["jan.jansen@zwolle.nl"]
    assert invitation.subject == "Welkom bij Vaardigheidsmodule Dienstverlening: kies je wachtwoord"
    client.logout()
    path = link_in(invitation, INVITATION)
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    dashboard = client.get(response["Location"], follow=True).content.decode()
    assert "Vaardigheidsmodule Dienstverlening" in dashboard
    client.logout()
    assert log_in(client, username="jan.jansen@zwolle.nl", password=PASSWORD)


def test_accepting_an_employee_tells_the_employer_and_invites_the_employee(noord):
    signup = signed_up(
        noord,
        services.Person("Fatima", "El Amrani", "fatima@zwolle.nl"),
        name="Henriëtte de Vries",
        email="hr@zwolle.nl",
    )
    send_outbox()
    services.signup_accept(signup_id=signup.pk, by=None)
    messages = {m.to[0]: m for m in send_outbox()}
    assert set(messages) == {"fatima@zwolle.nl", "hr@zwolle.nl"}
    assert messages["hr@zwolle.nl"].subject == (
        "Fatima El Amrani is ingeschreven voor Vaardigheidsmodule Dienstverlening"
    )
    assert "link om een wachtwoord te kiezen" in messages["hr@zwolle.nl"].body
    assert Invitation.objects.get().user.email == "fatima@zwolle.nl"


def test_someone_who_can_log_in_already_is_enrolled_without_an_invitation(noord):
    learner = f.UserFactory(email="jan.jansen@zwolle.nl")
    signup = signed_up(noord)
    send_outbox()
    services.signup_accept(signup_id=signup.pk, by=None)
    assert Enrollment.objects.get(edition=noord).learner == learner
    assert not Invitation.objects.exists()
    [message] = send_outbox()
    assert message.subject == "Je bent ingeschreven voor Vaardigheidsmodule Dienstverlening"


def test_a_decided_sign_up_cannot_be_decided_again(admin_client, noord):
    signup = signed_up(noord)
    services.signup_accept(signup_id=signup.pk, by=None)
    url = reverse("courses:signup_detail", args=[signup.pk])
    response = admin_client.post(url, {"action": "reject", "reason": "Toch niet"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Over deze aanmelding is al besloten: geaccepteerd." in page
    assert "Accepteren en inschrijven" not in page  # no decision form any more
    assert SignUp.objects.get().state == SignUp.State.ACCEPTED
    assert Enrollment.objects.count() == 1


def test_rejecting_asks_for_a_reason_and_emails_it(admin_client, noord):
    signup = signed_up(noord)
    send_outbox()
    url = reverse("courses:signup_detail", args=[signup.pk])
    response = admin_client.post(url, {"action": "reject", "reason": "  "})
    assert response.status_code == 400
    assert "Schrijf op waarom je de aanmelding afwijst." in response.content.decode()
    assert SignUp.objects.get().state == SignUp.State.NEW

    reason = "Deze cursus is voor baliemedewerkers van een gemeente."
    assert admin_client.post(url, {"action": "reject", "reason": reason}).status_code == 302
    signup.refresh_from_db()
    assert signup.state == SignUp.State.REJECTED and signup.reject_reason == reason
    assert not Enrollment.objects.exists()
    [message] = send_outbox()
    assert message.to == ["jan.jansen@zwolle.nl"]
    assert message.subject == "Over je aanmelding voor Vaardigheidsmodule Dienstverlening"
    assert reason in message.body


def test_a_full_edition_refuses_an_acceptance_and_takes_the_waiting_list(admin_client, noord):
    enrol_someone(noord, 2)
    first, second = signed_up(noord), signed_up(noord, services.Person("P", "Q", "p@q.nl"))
    services.signup_accept(signup_id=first.pk, by=None)
    url = reverse("courses:signup_detail", args=[second.pk])
    response = admin_client.post(url, {"action": "accept"})
    assert response.status_code == 409
    assert "Dienstverlening Noord is vol" in response.content.decode()
    assert Enrollment.objects.filter(edition=noord).count() == 3

    send_outbox()
    assert admin_client.post(url, {"action": "wait"}).status_code == 302
    second.refresh_from_db()
    assert second.state == SignUp.State.WAITING
    [message] = send_outbox()
    assert message.subject == "Je staat op de wachtlijst voor Vaardigheidsmodule Dienstverlening"
    page = admin_client.get(reverse("courses:signup_queue") + "?state=waiting").content.decode()
    assert "Nummer 1 op de wachtlijst" in page


# --- the waiting list -------------------------------------------------------------------------


@pytest.fixture
def full(noord):
    """Noord full (3 of 3), and two people on its waiting list."""
    taken = enrol_someone(noord, 3)
    first = signed_up(noord, services.Person("Eerste", "Wachter", "eerste@zwolle.nl"))
    second = signed_up(noord, services.Person("Tweede", "Wachter", "tweede@zwolle.nl"))
    assert first.state == second.state == SignUp.State.WAITING
    send_outbox()
    return taken, first, second


def withdraw(enrollment, django_capture_on_commit_callbacks) -> list:
    """Withdraw an enrolment and run what follows its commit (the sender too); the e-mails."""
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment.status = Enrollment.Status.WITHDRAWN
        enrollment.save()
    send_outbox()
    return mail.outbox[before:]


def test_a_freed_place_is_offered_to_the_first_on_the_waiting_list_who_takes_it(
    client, full, django_capture_on_commit_callbacks
):
    taken, first, second = full
    [offer] = withdraw(taken[0], django_capture_on_commit_callbacks)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == SignUp.State.OFFERED and second.state == SignUp.State.WAITING
    assert first.offer_expires_at == first.offered_at + dt.timedelta(days=5)
    assert offer.to == ["eerste@zwolle.nl"]
    assert offer.subject == "Er is een plek vrij in Vaardigheidsmodule Dienstverlening"
    path = link_in(offer, OFFER)

    page = client.get(path)
    assert page.status_code == 200 and "Er is een plek vrij" in page.content.decode()
    assert problems(page.content.decode()) == []
    # The place is held: nobody else gets it meanwhile.
    newcomer = signed_up(first.edition, services.Person("Nieuw", "Iemand", "nieuw@zwolle.nl"))
    with pytest.raises(Exception, match="vol"):
        services.signup_accept(signup_id=newcomer.pk, by=None)

    taken_page = client.post(path, {"answer": "take"})
    assert "De plek is van jou" in taken_page.content.decode()
    first.refresh_from_db()
    assert first.state == SignUp.State.ACCEPTED
    assert first.enrollment.status == Enrollment.Status.ACTIVE
    [invitation] = [m for m in send_outbox() if m.to == ["eerste@zwolle.nl"]]
    assert link_in(invitation, INVITATION)
    again = client.post(path, {"answer": "take"}).content.decode()
    assert "De plek is van jou" in again  # the same answer, nothing more happens
    assert Enrollment.objects.exclude(status="withdrawn").filter(edition=first.edition).count() == 3


def test_an_offer_that_runs_out_passes_to_the_next(
    client, full, django_capture_on_commit_callbacks
):
    taken, first, second = full
    [offer] = withdraw(taken[0], django_capture_on_commit_callbacks)
    later = timezone.now() + dt.timedelta(days=5, minutes=1)
    assert services.signup_offers_sweep(now=later) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == SignUp.State.LAPSED and second.state == SignUp.State.OFFERED
    [next_offer] = send_outbox()
    assert next_offer.to == ["tweede@zwolle.nl"]
    assert services.signup_offers_sweep(now=later) == 0  # once

    page = client.get(link_in(offer, OFFER))
    assert page.status_code == 200 and "Dit aanbod geldt niet meer" in page.content.decode()


def test_an_expired_link_explains_itself_and_passes_the_place_on_at_once(
    client, full, django_capture_on_commit_callbacks
):
    taken, first, second = full
    [offer] = withdraw(taken[0], django_capture_on_commit_callbacks)
    SignUp.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(link_in(offer, OFFER))
    assert page.status_code == 410 and "Dit aanbod is verlopen" in page.content.decode()
    assert SignUp.objects.get(pk=first.pk).state == SignUp.State.LAPSED
    assert SignUp.objects.get(pk=second.pk).state == SignUp.State.OFFERED


def test_letting_an_offered_place_go_passes_it_to_the_next(
    client, full, django_capture_on_commit_callbacks
):
    taken, first, second = full
    [offer] = withdraw(taken[0], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(link_in(offer, OFFER), {"answer": "pass"})
    assert "De plek gaat naar de volgende" in page.content.decode()
    assert SignUp.objects.get(pk=first.pk).state == SignUp.State.LAPSED
    assert SignUp.objects.get(pk=second.pk).state == SignUp.State.OFFERED
    assert not Enrollment.objects.filter(learner__email="eerste@zwolle.nl").exists()


def test_the_sweep_offers_places_that_a_larger_capacity_made(full):
    taken, first, second = full
    Edition.objects.filter(pk=first.edition_id).update(capacity=5)
    assert services.signup_offers_sweep() == 2
    assert set(SignUp.objects.values_list("state", flat=True)) == {SignUp.State.OFFERED}


def test_an_offer_link_that_is_not_ours_is_404(client, full, django_capture_on_commit_callbacks):
    taken, first, second = full
    withdraw(taken[0], django_capture_on_commit_callbacks)
    first.refresh_from_db()
    good = offer_token(first.pk, first.offered_at)
    bad = ("0" if good[0] != "0" else "1") + good[1:]
    assert client.get(reverse("courses:signup_offer", args=[first.pk, bad])).status_code == 404
    assert client.get(reverse("courses:signup_offer", args=[second.pk, good])).status_code == 404
    assert (
        client.post(
            reverse("courses:signup_offer", args=[first.pk, bad]), {"answer": "take"}
        ).status_code
        == 404
    )
    assert SignUp.objects.get(pk=first.pk).state == SignUp.State.OFFERED


def test_the_django_admin_lists_sign_ups_and_accepts_them_in_bulk(admin_client, noord):
    first = signed_up(noord)
    second = signed_up(noord, services.Person("Piet", "Pot", "piet@zwolle.nl"))
    url = reverse("admin:courses_signup_changelist")
    assert "Jan Jansen" in admin_client.get(url).content.decode()
    response = admin_client.post(
        url, {"action": "accept", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "2 geaccepteerd." in response.content.decode()
    assert Enrollment.objects.filter(edition=noord).count() == 2
    assert (
        admin_client.get(reverse("admin:courses_signup_change", args=[first.pk])).status_code == 200
    )
