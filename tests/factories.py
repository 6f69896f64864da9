"""factory_boy factories for the whole suite."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from courses import models as m


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.nl")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    password = factory.django.Password("demo")


class AdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Course

    title = factory.Sequence(lambda n: f"Cursus {n}")
    slug = factory.Sequence(lambda n: f"cursus-{n}")
    description = "Een cursus."


class CourseModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CourseModule

    course = factory.SubFactory(CourseFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Module {n}")


class TextLessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TextLesson

    module = factory.SubFactory(CourseModuleFactory)
    order = factory.LazyAttribute(
        lambda o: (o.module.lessons.aggregate(top=Max("order"))["top"] or 0) + 1
    )
    title = factory.Sequence(lambda n: f"Les {n}")
    body = "Lees dit **goed**."


class MediaLessonFactory(TextLessonFactory):
    class Meta:
        model = m.MediaLesson

    body = None
    kind = m.MediaLesson.Kind.AUDIO
    media_url = "https://media.example.nl/gesprek.mp3"
    transcript = "Klant: Goedemorgen."

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        kwargs.pop("body", None)
        return kwargs


class FileLessonFactory(TextLessonFactory):
    class Meta:
        model = m.FileLesson

    body = None
    file = factory.django.FileField(filename="werkblad.txt", data=b"Werkblad drijfveren\n")
    description = "Vul het werkblad in."

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        kwargs.pop("body", None)
        return kwargs


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Edition
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Editie {n}")
    region = m.Edition.Region.NOORD
    capacity = 20
    status = m.Edition.Status.RUNNING

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.add(*extracted)


class ClassroomSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ClassroomSession

    edition = factory.SubFactory(EditionFactory)
    module = factory.SubFactory(CourseModuleFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    start_time = dt.time(9, 0)
    end_time = dt.time(17, 0)
    location = "Stadhuis, zaal 2"
    first_dagdeel = 1
    last_dagdeel = 1


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Enrollment

    edition = factory.SubFactory(EditionFactory)
    learner = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def build_course(*, lessons_per_module: int = 3, modules: int = 3, course=None):
    """A course with modules and text lessons. A module's lessons open after its classroom day
    and are due 2 days before the next module's day (the last module's: 14 days after its day)."""
    course = course or CourseFactory()
    mods = [
        CourseModuleFactory(course=course, order=i, title=f"Module {i}")
        for i in range(1, modules + 1)
    ]
    for i, module in enumerate(mods):
        following = mods[i + 1] if i + 1 < len(mods) else None
        for j in range(1, lessons_per_module + 1):
            TextLessonFactory(
                module=module,
                order=j,
                title=f"Les {i + 1}.{j}",
                opens_anchor="end",
                opens_module=module,
                due_anchor="start" if following else "end",
                due_module=following or module,
                due_offset_days=-2 if following else 14,
            )
    return course


def build_edition(course, *, first_day: dt.date, trainers=(), gap_days: int = 28, **kwargs):
    """An edition with one classroom day per module, `gap_days` apart."""
    edition = EditionFactory(course=course, trainers=list(trainers), **kwargs)
    for i, module in enumerate(course.modules.order_by("order")):
        ClassroomSessionFactory(
            edition=edition,
            module=module,
            date=first_day + dt.timedelta(days=gap_days * i),
            first_dagdeel=1 if i == 0 else 2 * i,
            last_dagdeel=1 if i == 0 else 2 * i + 1,
        )
    return edition
