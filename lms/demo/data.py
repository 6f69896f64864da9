"""The demo's course, editions, people and what they did, as plain data (Dutch, like the course).

The seeding modules beside this one turn it into rows. Long texts (lesson bodies, transcripts,
worksheets, the GIFT question bank, rubrics, notes and work handed in) are files in `content/`,
so that a trainer or editor can improve a lesson without reading any code.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from importlib import resources

from .shapes import (
    AssignmentSpec,
    AttemptSpec,
    CategorySpec,
    EditionSpec,
    LearnerSpec,
    LessonSpec,
    ModuleSpec,
    MomentSpec,
    NoteSpec,
    PersonSpec,
    QuizSpec,
    ReviewSpec,
    RubricSpec,
    RuleSpec,
    SessionSpec,
    SlotSpec,
    SubmissionSpec,
)

CONTENT = resources.files(__package__) / "content"


def _text(name: str) -> str:
    """A text file in `content/`, exactly as it stands there (UTF-8)."""
    return (CONTENT / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# The course
# --------------------------------------------------------------------------------------------

COURSE_SLUG = "dienstverlening"
COURSE_TITLE = "Vaardigheidsmodule Dienstverlening"
COURSE_PRICE = Decimal("1075.00")
COURSE_DESCRIPTION = _text("course.md")

MODULES = (
    ModuleSpec(1, "Inleiding", _text("modules/inleiding.md")),
    ModuleSpec(2, "Waardevolle gesprekken", _text("modules/waardevolle-gesprekken.md")),
    ModuleSpec(3, "Omgaan met emoties", _text("modules/omgaan-met-emoties.md")),
)

# Schedule rules, relative to each edition's classroom days.
BEFORE_INLEIDING = RuleSpec("start", 1, -14)
AT_INLEIDING = RuleSpec("start", 1, 0)
AFTER_INLEIDING = RuleSpec("end", 1, 0)
BEFORE_GESPREKKEN = RuleSpec("start", 2, -2)
AFTER_GESPREKKEN = RuleSpec("end", 2, 0)
BEFORE_EMOTIES = RuleSpec("start", 3, -2)
AFTER_EMOTIES = RuleSpec("end", 3, 0)
TWO_WEEKS_AFTER_EMOTIES = RuleSpec("end", 3, 14)

# --------------------------------------------------------------------------------------------
# Lessons
# --------------------------------------------------------------------------------------------

LESSONS = (
    LessonSpec(
        module=1,
        order=1,
        kind="text",
        title="Welkom: zo werkt deze module",
        summary="Lees dit voor je eerste dag. Dan weet je wat je te wachten staat.",
        minutes=10,
        opens=BEFORE_INLEIDING,
        due=AT_INLEIDING,
        body=_text("lessons/welkom.md"),
    ),
    LessonSpec(
        module=1,
        order=2,
        kind="text",
        title="Jouw talenten",
        summary="Waar ben je vanzelf goed in? En wat is de keerzijde?",
        minutes=20,
        opens=AFTER_INLEIDING,
        due=BEFORE_GESPREKKEN,
        body=_text("lessons/talenten.md"),
    ),
    LessonSpec(
        module=1,
        order=3,
        kind="text",
        title="Jouw communicatiestijl",
        summary="Tempo, toon en woorden: zo communiceer jij. En zo schakel je.",
        minutes=20,
        opens=AFTER_INLEIDING,
        due=BEFORE_GESPREKKEN,
        body=_text("lessons/communicatiestijl.md"),
    ),
    LessonSpec(
        module=1,
        order=4,
        kind="file",
        title="Werkblad drijfveren",
        summary="Ontdek wat jou drijft, met een werkblad om in te vullen.",
        minutes=30,
        opens=AFTER_INLEIDING,
        due=BEFORE_GESPREKKEN,
        description=_text("lessons/werkblad-drijfveren.md"),
        file_name="werkblad-drijfveren.txt",
        file_text=_text("lessons/werkblad-drijfveren.txt"),
    ),
    LessonSpec(
        module=1,
        order=5,
        kind="video",
        title="Video: dienstverlening is een vak",
        summary="Drie mensen uit de praktijk over hun vak. Niet verplicht.",
        minutes=8,
        opens=AFTER_INLEIDING,
        due=None,
        required=False,
        introduction=_text("lessons/dienstverlening-is-een-vak.md"),
        transcript=_text("lessons/dienstverlening-is-een-vak.transcript.md"),
        file_name="dienstverlening-is-een-vak.webm",  # a title card: content/media/
    ),
    LessonSpec(
        module=2,
        order=1,
        kind="text",
        title="Je klant en zijn gedragsstijl",
        summary="Doener, prater, zorgvuldige of meegaande: zo sluit je aan bij je klant.",
        minutes=25,
        opens=AFTER_GESPREKKEN,
        due=BEFORE_EMOTIES,
        body=_text("lessons/gedragsstijlen.md"),
    ),
    LessonSpec(
        module=2,
        order=2,
        kind="text",
        title="Luisteren, samenvatten en doorvragen",
        summary="Drie vaardigheden om klantgesprekken te voeren en te analyseren.",
        minutes=25,
        opens=AFTER_GESPREKKEN,
        due=BEFORE_EMOTIES,
        body=_text("lessons/luisteren-samenvatten-doorvragen.md"),
    ),
    LessonSpec(
        module=2,
        order=3,
        kind="audio",
        title="Luisteren: een gesprek aan de balie",
        summary="Mevrouw Bosman heeft haast met een paspoort. Hoe helpt Kees haar?",
        minutes=20,
        opens=AFTER_GESPREKKEN,
        due=BEFORE_EMOTIES,
        introduction=_text("lessons/gesprek-aan-de-balie.md"),
        transcript=_text("lessons/gesprek-aan-de-balie.transcript.md"),
        file_name="gesprek-aan-de-balie.wav",
    ),
    LessonSpec(
        module=2,
        order=4,
        kind="file",
        title="Werkblad gespreksanalyse",
        summary="Analyseer een klantgesprek stap voor stap. Niet verplicht.",
        minutes=30,
        opens=AFTER_GESPREKKEN,
        due=None,
        required=False,
        description=_text("lessons/werkblad-gespreksanalyse.md"),
        file_name="werkblad-gespreksanalyse.txt",
        file_text=_text("lessons/werkblad-gespreksanalyse.txt"),
    ),
    LessonSpec(
        module=3,
        order=1,
        kind="text",
        title="Blij, bedroefd, bang en boos",
        summary="De vier basisemoties herkennen aan de balie.",
        minutes=20,
        opens=AFTER_EMOTIES,
        due=TWO_WEEKS_AFTER_EMOTIES,
        body=_text("lessons/blij-bedroefd-bang-boos.md"),
    ),
    LessonSpec(
        module=3,
        order=2,
        kind="text",
        title="Reageren op emoties aan de balie",
        summary="Vijf stappen en zinnen die je meteen kunt gebruiken.",
        minutes=25,
        opens=AFTER_EMOTIES,
        due=TWO_WEEKS_AFTER_EMOTIES,
        body=_text("lessons/reageren-op-emoties.md"),
    ),
    LessonSpec(
        module=3,
        order=3,
        kind="video",
        title="Video: een boze klant aan de balie",
        summary="Fatima helpt meneer De Graaf, die voor de tweede keer komt. Niet verplicht.",
        minutes=10,
        opens=AFTER_EMOTIES,
        due=None,
        required=False,
        introduction=_text("lessons/een-boze-klant-aan-de-balie.md"),
        transcript=_text("lessons/een-boze-klant-aan-de-balie.transcript.md"),
        file_name="een-boze-klant-aan-de-balie.webm",  # a title card: content/media/
    ),
    LessonSpec(
        module=3,
        order=4,
        kind="text",
        title="Terugblik: jouw leerplan",
        summary="Kijk terug op de module en maak een klein, concreet leerplan.",
        minutes=20,
        opens=AFTER_EMOTIES,
        due=TWO_WEEKS_AFTER_EMOTIES,
        body=_text("lessons/leerplan.md"),
    ),
)

# --------------------------------------------------------------------------------------------
# Question bank and quizzes
# --------------------------------------------------------------------------------------------

# Moodle's GIFT format: a trainer can read, change and re-import these questions, or use them
# in Moodle. Each `$CATEGORY:` section goes into the category of that name (QUESTION_CATEGORIES).
# Right answers start with =, wrong ones with ~, a weight looks like ~%50%, feedback follows a #.
QUESTION_BANK = _text("questions.gift")

QUESTION_CATEGORIES = (
    CategorySpec(
        "Oefenvragen",
        "Vragen over jezelf, je klant en gesprekken, voor de oefentoets van module 2.",
    ),
    CategorySpec(
        "Examen",
        "De examenvragen over de hele module. Het examen trekt er voor elke cursist 10 uit.",
    ),
    CategorySpec(
        "Open vragen",
        "Open vragen die de trainer met de hand beoordeelt.",
    ),
)

QUIZZES = (
    QuizSpec(
        module=2,
        order=5,
        title="Oefentoets: gesprekken",
        summary="Oefen zo vaak je wilt, met meteen uitleg bij elk antwoord. Niet verplicht.",
        minutes=15,
        opens=AFTER_GESPREKKEN,
        due=None,
        required=False,
        intro=_text("quizzes/oefentoets.md"),
        slots=(SlotSpec(category="Oefenvragen", count=8),),
        attempts_allowed=0,
        grading_method="highest",
        pass_mark=Decimal("60"),
        shuffle_options=True,
        feedback_policy="immediate",
    ),
    QuizSpec(
        module=3,
        order=5,
        title="Examen Dienstverlening",
        summary="Tien vragen over de hele module, 45 minuten, één poging.",
        minutes=45,
        opens=AFTER_EMOTIES,
        due=TWO_WEEKS_AFTER_EMOTIES,
        intro=_text("quizzes/examen.md"),
        # The essay (Open vragen) is not in the exam: it waits for a trainer's score, and
        # until then nobody would pass or fail.
        slots=(SlotSpec(category="Examen", count=10),),
        is_exam=True,
        time_limit_minutes=45,
        attempts_allowed=1,
        pass_mark=Decimal("60"),
        shuffle_questions=True,
        shuffle_options=True,
        feedback_policy="after_close",
    ),
)

# --------------------------------------------------------------------------------------------
# Assignments: open work, a conversation analysis and a reflection, with their rubrics
# --------------------------------------------------------------------------------------------

# The course's model for conversation analysis: the four emotions and three techniques.
ANNOTATION_CATEGORIES = (
    ("emotion", "blij"),
    ("emotion", "bedroefd"),
    ("emotion", "bang"),
    ("emotion", "boos"),
    ("technique", "luisteren"),
    ("technique", "samenvatten"),
    ("technique", "doorvragen"),
)

RUBRICS = (
    RubricSpec(
        title="Talenten en drijfveren",
        text=_text("rubrics/talenten-en-drijfveren.txt"),
    ),
    RubricSpec(
        title="Analyse van een klantgesprek",
        text=_text("rubrics/analyse-van-een-klantgesprek.txt"),
    ),
)

ASSIGNMENTS = (
    AssignmentSpec(
        module=1,
        order=6,
        kind="assignment",
        title="Opdracht: jouw talenten en drijfveren",
        summary="Schrijf op waar je goed in bent en wat je drijft. Je trainer geeft feedback.",
        minutes=45,
        opens=AFTER_INLEIDING,
        due=BEFORE_GESPREKKEN,
        instructions=_text("assignments/talenten-en-drijfveren.md"),
        rubric="Talenten en drijfveren",
        accepts_files=True,
    ),
    AssignmentSpec(
        module=2,
        order=6,
        kind="conversation",
        title="Analyseer een klantgesprek",
        summary="Luisteren, samenvatten, doorvragen en emoties in een echt gesprek.",
        minutes=60,
        opens=AFTER_GESPREKKEN,
        due=BEFORE_EMOTIES,
        instructions=_text("assignments/klantgesprek.md"),
        rubric="Analyse van een klantgesprek",
        accepts_audio=True,
        reflection_questions=_text("assignments/klantgesprek-vragen.txt"),
        # "Maak minstens vijf aantekeningen: drie bij een techniek en twee bij een emotie.
        # Beantwoord daarna de reflectievragen en lever in." (klantgesprek.md)
        min_annotations=(5, 3, 2),
        all_questions_required=True,
    ),
    AssignmentSpec(
        module=3,
        order=6,
        kind="reflection",
        title="Reflectie: wat neem je mee?",
        summary="Kijk terug op de module. Compleet is goed.",
        minutes=30,
        opens=AFTER_EMOTIES,
        due=TWO_WEEKS_AFTER_EMOTIES,
        instructions=_text("assignments/reflectie.md"),
        accepts_audio=True,
    ),
)

# --------------------------------------------------------------------------------------------
# Editions and their classroom days
# --------------------------------------------------------------------------------------------


def _sessions(inleiding: int, gesprekken: int, emoties: int) -> tuple[SessionSpec, ...]:
    return (
        SessionSpec(1, inleiding, "08:30", "12:30", 1, 1),
        SessionSpec(2, gesprekken, "09:00", "17:00", 2, 3),
        SessionSpec(3, emoties, "09:00", "17:00", 4, 5),
    )


EDITIONS = (
    # Noord runs now: Inleiding is behind the learners, the next day is close.
    EditionSpec(
        name="Dienstverlening Noord",
        region="noord",
        status="running",
        location="Stadskantoor Groningen, Harmoniezaal, Gedempte Zuiderdiep 98, Groningen",
        sessions=_sessions(-24, 4, 32),
        organisations=(
            "Gemeente Groningen",
            "Gemeente Assen",
            "Gemeente Leeuwarden",
            "Gemeente Emmen",
            "Gemeente Smallingerland",
        ),
        trainers=("trainer",),
    ),
    # Midden is all but over: every classroom day lies behind it.
    EditionSpec(
        name="Dienstverlening Midden",
        region="midden",
        status="running",
        location="Stadskantoor Utrecht, zaal 6.05, Stadsplateau 1, Utrecht",
        sessions=_sessions(-60, -30, -3),
        organisations=(
            "Gemeente Utrecht",
            "Gemeente Ede",
            "Gemeente Amersfoort",
            "Gemeente Zwolle",
            "Gemeente Apeldoorn",
        ),
        trainers=("trainer",),
    ),
    # Zuid is still to start; its preparation lesson is already open.
    EditionSpec(
        name="Dienstverlening Zuid",
        region="zuid",
        status="open",
        location="Stadhuis Eindhoven, Raadzaalfoyer, Stadhuisplein 10, Eindhoven",
        sessions=_sessions(10, 38, 66),
        organisations=(
            "Gemeente Eindhoven",
            "Gemeente Tilburg",
            "Gemeente Maastricht",
            "Gemeente 's-Hertogenbosch",
            "Gemeente Breda",
        ),
        trainers=("ruud",),
    ),
)
EDITION_CAPACITY = 20

# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

STAFF = (
    PersonSpec("trainer", "Anouk", "Hendriks", "anouk.hendriks@example.nl"),
    PersonSpec("ruud", "Ruud", "Kuipers", "ruud.kuipers@example.nl"),
    PersonSpec(
        "beheerder",
        "Marloes",
        "Visser",
        "marloes.visser@example.nl",
        is_staff=True,
        is_superuser=True,
    ),
)

# The senior trainer is the course's author and examiner: she owns the question bank, the
# quizzes and the exam (and imports GIFT); Ruud teaches Zuid only.
COURSE_AUTHORS = ("trainer",)

NOORD, MIDDEN, ZUID = (edition.name for edition in EDITIONS)
PRESENT, ABSENT, EXCUSED = "present", "absent", "excused"

LEARNERS = (
    # Noord: Inleiding done, module 1 work open and due soon, the rest still locked.
    LearnerSpec(
        PersonSpec("cursist", "Sanne", "de Vries", "sanne.devries@example.nl"),
        NOORD,
        "Gemeente Groningen",
        done=2,
        opened=1,
    ),
    LearnerSpec(
        PersonSpec("sahin", "Şahin", "Yılmaz", "sahin.yilmaz@example.nl"),
        NOORD,
        "Gemeente Groningen",
        done=None,
    ),
    LearnerSpec(
        PersonSpec("fenna", "Fenna", "Hoekstra", "fenna.hoekstra@example.nl"),
        NOORD,
        "Gemeente Leeuwarden",
        done=3,
        opened=1,
    ),
    LearnerSpec(
        PersonSpec("jeroen", "Jeroen", "Bakker", "jeroen.bakker@example.nl"),
        NOORD,
        "Gemeente Assen",
        done=1,
        attendance={1: (EXCUSED, "Ziek gemeld, haalt de stof in met de trainer.")},
    ),
    LearnerSpec(
        PersonSpec("mirjam", "Mirjam", "Dijkstra", "mirjam.dijkstra@example.nl"),
        NOORD,
        "Gemeente Emmen",
        done=0,
        opened=1,
    ),
    # Midden: every classroom day is behind them; progress from complete to lagging.
    LearnerSpec(
        PersonSpec("henriette", "Henriëtte", "Nienhuis", "henriette.nienhuis@example.nl"),
        MIDDEN,
        "Gemeente Zwolle",
        done=None,
    ),
    LearnerSpec(
        PersonSpec("daan", "Daan", "Verbeek", "daan.verbeek@example.nl"),
        MIDDEN,
        "Gemeente Ede",
        done=11,
    ),
    LearnerSpec(
        PersonSpec("noor", "Noor", "El Amrani", "noor.elamrani@example.nl"),
        MIDDEN,
        "Gemeente Utrecht",
        done=8,
        opened=1,
    ),
    LearnerSpec(
        PersonSpec("priya", "Priya", "Ramdin", "priya.ramdin@example.nl"),
        MIDDEN,
        "Gemeente Utrecht",
        done=6,
    ),
    LearnerSpec(
        PersonSpec("thomas", "Thomas", "van Leeuwen", "thomas.vanleeuwen@example.nl"),
        MIDDEN,
        "Gemeente Amersfoort",
        done=4,
        opened=1,
        attendance={2: (EXCUSED, "Afgemeld wegens mantelzorg.")},
    ),
    # Zuid: not started yet; some have read the preparation lesson.
    LearnerSpec(
        PersonSpec("lotte", "Lotte", "Janssen", "lotte.janssen@example.nl"),
        ZUID,
        "Gemeente Eindhoven",
        done=1,
    ),
    LearnerSpec(
        PersonSpec("bram", "Bram", "Peeters", "bram.peeters@example.nl"),
        ZUID,
        "Gemeente Maastricht",
        done=0,
    ),
    LearnerSpec(
        PersonSpec("esther", "Esther", "van den Berg", "esther.vandenberg@example.nl"),
        ZUID,
        "Gemeente Tilburg",
        done=0,
        opened=1,
    ),
    LearnerSpec(
        PersonSpec("kevin", "Kevin", "Smits", "kevin.smits@example.nl"),
        ZUID,
        "Gemeente 's-Hertogenbosch",
        done=1,
    ),
)

NOTES = (
    NoteSpec(
        learner="cursist",
        author="trainer",
        lesson=(1, 2),
        body=_text("notes/cursist.md"),
    ),
    NoteSpec(
        learner="henriette",
        author="trainer",
        lesson=(3, 4),
        body=_text("notes/henriette.md"),
    ),
)

# Quizzes taken, through the same services a learner's browser uses. Each is made once, and
# only when the quiz was open at that moment for the learner's edition: cursist (Noord) has
# her second classroom day still ahead, so the practice quiz is not open for her yet and her
# attempt waits until a seed runs after that day.
ATTEMPTS = (
    # Henriëtte practised the evening after her second day, and took the exam the morning
    # after her last one.
    AttemptSpec("henriette", (2, 5), after_opening=timedelta(days=1, hours=3), minutes=14, wrong=1),
    AttemptSpec("henriette", (3, 5), after_opening=timedelta(hours=17), minutes=27),
    AttemptSpec("noor", (2, 5), after_opening=timedelta(days=5, hours=2), minutes=19, wrong=3),
    AttemptSpec("cursist", (2, 5), after_opening=timedelta(hours=5), minutes=11, wrong=2),
)

# Work handed in, through the same services a learner's and a trainer's browser use. Henriëtte
# (Midden) handed in all three and her trainer released sufficient grades; Sanne (cursist,
# Noord) handed in the first one, and it waits for her trainer.
SUBMISSIONS = (
    SubmissionSpec(
        learner="henriette",
        assignment=(1, 6),
        after_opening=timedelta(days=6, hours=20),
        text=_text("submissions/henriette-talenten-en-drijfveren.md"),
        file_name="werkblad-drijfveren-henriette.txt",
        file_text="Werkblad drijfveren - Henriette Nienhuis\n\n1. Mensen helpen: 5\n"
        "2. Zekerheid: 4\n3. Samenwerken: 4\n4. Vrijheid: 2\n",
        review=ReviewSpec(
            author="trainer",
            after_submission=timedelta(days=2),
            levels=(2, 2, 1),
            feedback="Mooi, Henriëtte! Je voorbeelden zijn heel herkenbaar. De kleurplaat voor "
            "de kinderen is precies wat ik bedoel met rust brengen.\n\nBij je drijfveer mag je "
            "nog iets verder gaan: wat merkt je klant ervan dat je mensen graag helpt?",
        ),
    ),
    SubmissionSpec(
        learner="henriette",
        assignment=(2, 6),
        after_opening=timedelta(days=9, hours=19),
        transcript=_text("lessons/gesprek-aan-de-balie.transcript.md"),
        audio=True,
        annotations=(
            MomentSpec(
                6, "bang", "Ze heeft niet geslapen. Ze is bang dat de vakantie niet doorgaat."
            ),
            MomentSpec(
                17, "luisteren", "Kees benoemt de schrik voordat hij over de inhoud begint."
            ),
            MomentSpec(51, "doorvragen", "Hij vraagt toestemming om door te vragen, heel netjes."),
            MomentSpec(84, "samenvatten", "Hij vat de echte vraag samen: kan Lieke mee op reis?"),
            MomentSpec(115, "samenvatten", "Samenvatting van alles wat ze moet meenemen."),
            MomentSpec(130, "blij", "Aan het eind is ze gerustgesteld en blij."),
        ),
        answers=(
            "Kan mijn dochter over tien dagen mee op vakantie?",
            "Aan het begin bang, aan het eind gerustgesteld. Kees benoemde de schrik en vatte "
            "de echte vraag samen. Daarna kon ze weer luisteren.",
            "Op 1:24: 'Als ik u goed begrijp ...'. Daar draait het gesprek om.",
            "Ik ga vaker de echte vraag samenvatten voordat ik uitleg geef.",
        ),
        review=ReviewSpec(
            author="trainer",
            after_submission=timedelta(days=1, hours=3),
            levels=(2, 2, 2),
            feedback="Heel goed geanalyseerd. Je ziet precies waar het gesprek kantelt. Je "
            "leerpunt is klein en concreet: zo hoort het.",
            comments=(
                MomentSpec(84, "", "Ja! Dit is het kantelpunt van het gesprek."),
                MomentSpec(45, "", "Hier hoor je haar teleurstelling. Wat doet Kees ermee?"),
            ),
        ),
    ),
    SubmissionSpec(
        learner="henriette",
        assignment=(3, 6),
        after_opening=timedelta(hours=20),
        text=_text("submissions/henriette-reflectie.md"),
        review=ReviewSpec(
            author="trainer",
            after_submission=timedelta(hours=20),
            complete=True,
            feedback="Compleet en eerlijk. Fijn dat je teamleider meeluistert!",
        ),
    ),
    SubmissionSpec(
        learner="cursist",
        assignment=(1, 6),
        after_opening=timedelta(days=5, hours=4),
        text=_text("submissions/cursist-talenten-en-drijfveren.md"),
    ),
)


# The demo logins, as printed at the end of `seed_demo`.
LOGINS = (
    ("cursist", "cursist (Noord, halverwege module 1)"),
    ("henriette", "cursist (Midden, alles afgerond, examen gehaald)"),
    ("trainer", "trainer (Noord en Midden)"),
    ("ruud", "trainer (Zuid)"),
    ("beheerder", "beheerder (alles, ook /admin/)"),
    ("jobcoach", "jobcoach van Henriëtte (Erkend Talent, met haar toestemming)"),
    ("contactpersoon", "contactpersoon van Gemeente Zwolle (medewerkers, rapporten)"),
)

# --------------------------------------------------------------------------------------------
# Names for generated learners (`seed_demo --learners N`)
# --------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Anna", "Bas", "Bram", "Chantal", "Daan", "Demi", "Dennis", "Eline", "Emma", "Esra",
    "Fatima", "Femke", "Gerrit", "Hanneke", "Hans", "Ilse", "Iris", "Jan", "Jasper", "Joyce",
    "Karin", "Kees", "Lars", "Lieke", "Linda", "Lisa", "Luuk", "Maaike", "Marco", "Marieke",
    "Mark", "Mehmet", "Mohamed", "Nadia", "Nienke", "Noah", "Patrick", "Petra", "Rachid",
    "Renske", "Rik", "Roos", "Sander", "Sarita", "Sem", "Sophie", "Stefan", "Tim", "Wendy",
    "Wim", "Yara", "Youssef", "Zeynep",
)  # fmt: skip

LAST_NAMES = (
    "Bakker", "Bos", "Bosman", "Brouwer", "de Boer", "de Bruijn", "de Graaf", "de Groot",
    "de Jong", "de Vries", "de Wit", "Dekker", "Dijkstra", "El Idrissi", "Hendriks",
    "Hoekstra", "Jansen", "Kaya", "Kok", "Koster", "Kramer", "Kuipers", "Meijer", "Mulder",
    "Nguyen", "Peters", "Postma", "Prins", "Ramdin", "Schouten", "Smit", "Smits", "Timmermans",
    "van Beek", "van den Berg", "van der Meer", "van Dijk", "van Leeuwen", "Veenstra",
    "Verbeek", "Vermeulen", "Visser", "Vos", "Willems", "Yılmaz",
)  # fmt: skip
