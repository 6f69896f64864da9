"""The demo's course texts, places and people, as plain data (Dutch, like the course itself).

`lms.demo` turns this into rows. Keeping the words apart from the seeding logic lets a
trainer or editor improve a lesson without reading any code that touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

# --------------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSpec:
    """ "N days before/after the start/end of module M's classroom day(s)"."""

    anchor: str  # "start" or "end"
    module: int  # the module's order
    offset_days: int = 0


@dataclass(frozen=True)
class ModuleSpec:
    order: int
    title: str
    description: str


@dataclass(frozen=True)
class LessonSpec:
    module: int
    order: int
    kind: str  # "text", "audio", "video" or "file"
    title: str
    summary: str
    minutes: int
    opens: RuleSpec | None
    due: RuleSpec | None
    required: bool = True
    body: str = ""  # text
    introduction: str = ""  # audio, video
    transcript: str = ""  # audio, video
    media_url: str = ""  # video
    file_name: str = ""  # audio (generated in code), file
    description: str = ""  # file
    file_text: str = ""  # file


@dataclass(frozen=True)
class SessionSpec:
    module: int
    day_offset: int  # days from today, before moving off a weekend
    start: str  # "HH:MM"
    end: str
    first_dagdeel: int
    last_dagdeel: int


@dataclass(frozen=True)
class EditionSpec:
    name: str
    region: str
    status: str
    location: str
    sessions: tuple[SessionSpec, ...]
    organisations: tuple[str, ...]
    trainers: tuple[str, ...]


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True)
class LearnerSpec:
    person: PersonSpec
    edition: str  # the edition's name
    organisation: str
    done: int | None  # how many of the lessons open today are done, in order; None: all
    opened: int = 0  # lessons after those that were opened but not finished
    attendance: dict[int, tuple[str, str]] = field(default_factory=dict)  # module: status, note


@dataclass(frozen=True)
class NoteSpec:
    learner: str
    author: str
    lesson: tuple[int, int] | None  # (module order, lesson order)
    body: str


@dataclass(frozen=True)
class CategorySpec:
    """A category of the question bank; its questions are the `$CATEGORY:` section of the
    same name in QUESTION_BANK."""

    name: str
    description: str


@dataclass(frozen=True)
class SlotSpec:
    """A place in a quiz: `count` questions drawn from a category, or one fixed question
    (by its GIFT name)."""

    category: str
    count: int = 1
    question: str = ""  # a question's name: this one question, not a draw
    points: Decimal = Decimal("1")


@dataclass(frozen=True)
class QuizSpec:
    module: int
    order: int
    title: str
    summary: str
    minutes: int
    opens: RuleSpec | None
    due: RuleSpec | None
    intro: str
    slots: tuple[SlotSpec, ...]
    required: bool = True
    is_exam: bool = False
    time_limit_minutes: int | None = None
    attempts_allowed: int = 1  # 0: as often as you like
    grading_method: str = "highest"
    pass_mark: Decimal = Decimal("55")
    shuffle_questions: bool = False
    shuffle_options: bool = False
    feedback_policy: str = "immediate"  # "immediate", "after_close" or "never"


@dataclass(frozen=True)
class AttemptSpec:
    """A learner who took a quiz: so long after it opened, taking so long, with the first
    `wrong` questions that can be answered wrongly answered wrongly, the rest right."""

    learner: str
    quiz: tuple[int, int]  # (module order, lesson order)
    after_opening: timedelta
    minutes: int
    wrong: int = 0


# --------------------------------------------------------------------------------------------
# The course
# --------------------------------------------------------------------------------------------

COURSE_SLUG = "dienstverlening"
COURSE_TITLE = "Vaardigheidsmodule Dienstverlening"
COURSE_PRICE = Decimal("1075.00")
COURSE_DESCRIPTION = """\
Dienstverlening is een vak. Een vak dat steeds meer van jou als professional vraagt. Klanten,
je werk aan de balie en de maatschappij zijn immers voortdurend in beweging. De
PublieksAcademie heeft daarom samen met Ocaro de vaardigheidsmodule Dienstverlening
ontwikkeld.

## Wat leer je?

Je leert in deze module meer over jezelf: je talenten, communicatiestijl en je drijfveren.
Maar ook over je klant en over gedragsstijlen. Daarnaast leer je klantgesprekken te
analyseren. Een rijk en divers programma, getraind door ervaren en enthousiaste trainers. We
bieden de stof aan via klassikale trainingen, online opdrachten en persoonlijke coaching.

## Hoe ziet de module eruit?

- **Dagdeel 1: Inleiding** (08.30 – 12.30). Je maakt kennis met je groep en begint bij
  jezelf: je talenten, je communicatiestijl en je drijfveren.
- **Dagdeel 2 & 3: Waardevolle gesprekken** (09.00 – 17.00). Je leert je klant en zijn
  gedragsstijl kennen. En je oefent met luisteren, samenvatten en doorvragen.
- **Dagdeel 4 & 5: Omgaan met emoties** (09.00 – 17.00). Blij, bedroefd, bang of boos: je
  leert emoties herkennen en er goed op reageren.

Tussen de klassikale dagen werk je online verder. Je leest korte lessen, luistert naar een
gesprek aan de balie en doet kleine opdrachten in je eigen werk.

## Waar en wanneer?

De module wordt op verschillende locaties in het hele land aangeboden: in de regio's Noord,
Midden en Zuid. Elke regio heeft eigen data. Je ziet je lesdagen en de locatie op je eigen
overzicht.

## Kosten

De training bestaat uit 5 dagdelen inclusief het examen voor € 1075,- (exclusief btw).

## Certificaat

Slaag je voor het examen en was je bij alle klassikale dagen? Dan krijg je een certificaat
van de NVVB en de PublieksAcademie.

## Meer informatie en aanmelden

Wil je meer weten over deze module? Bekijk dan de website van de PublieksAcademie of neem
contact op met de NVVB.
"""

MODULES = (
    ModuleSpec(
        1,
        "Inleiding",
        """\
Je begint bij jezelf. Wat zijn je talenten? Hoe communiceer je? En wat drijft je? Op de
eerste klassikale ochtend maak je kennis met je groep en je trainer. Daarna ga je online
verder met korte lessen en een werkblad.
""",
    ),
    ModuleSpec(
        2,
        "Waardevolle gesprekken",
        """\
Je leert je klant beter kennen. Welke gedragsstijlen herken je, en hoe sluit je daarop aan?
Je leert ook gesprekken te analyseren: luisteren, samenvatten en doorvragen. Op de
klassikale dag oefen je met echte situaties van de balie.
""",
    ),
    ModuleSpec(
        3,
        "Omgaan met emoties",
        """\
Blij, bedroefd, bang of boos: klanten laten emoties zien. Je leert die emoties herkennen en
er goed op reageren. Eerst de emotie, dan de inhoud. Je sluit af met je eigen leerplan en
het examen.
""",
    ),
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
# Module 1: Inleiding
# --------------------------------------------------------------------------------------------

WELKOM = """\
Fijn dat je meedoet! In deze module werk je aan je eigen vak: dienstverlening. Je doet dat
op de klassikale dagen met je groep en je trainer. En tussendoor online, in je eigen tempo.
Lees deze les voor je eerste dag. Dan weet je wat je te wachten staat.

## Zo is de module opgebouwd

De module heeft drie delen. Elk deel begint met een klassikale dag of ochtend. Daarna ga je
online verder met lessen en kleine opdrachten.

1. **Inleiding** (dagdeel 1). Je leert jezelf beter kennen: je talenten, je
   communicatiestijl en je drijfveren.
2. **Waardevolle gesprekken** (dagdeel 2 en 3). Je leert je klant beter kennen. En je leert
   gesprekken te analyseren: luisteren, samenvatten en doorvragen.
3. **Omgaan met emoties** (dagdeel 4 en 5). Blij, bedroefd, bang of boos. Je leert wat je
   doet als een klant emoties laat zien.

## Zo werk je online

- Elke les gaat open op een vaste datum. Vaak staat er ook een datum bij waarop hij af moet
  zijn. Die data hangen aan jouw klassikale dagen.
- Ben je klaar met een les? Klik dan op **Markeer als klaar**. Zo zie jij, en ook je
  trainer, hoe ver je bent.
- Sommige lessen zijn niet verplicht. Die zijn extra, voor als je er zin in hebt.
- Je trainer leest mee en geeft je feedback. Die vind je op je overzicht.

## Wat neem je mee naar de eerste dag?

Je hoeft niets voor te bereiden behalve de opdracht hieronder. Neem wel iets mee om op te
schrijven. En neem vooral je ervaring mee. Jij weet hoe het er aan jouw balie aan toe gaat.
Daar leren we met elkaar van.

## Opdracht

Neem tien minuten de tijd. Schrijf drie dingen op:

1. Welk klantcontact ging de afgelopen week echt goed? Wat deed jij toen?
2. Welk klantcontact vond je lastig? Wat maakte het lastig?
3. Wat wil je na deze module beter kunnen?

Neem je antwoorden mee naar de eerste dag. We gebruiken ze bij de kennismaking.
"""

TALENTEN = """\
Iedereen heeft talenten. Een talent is iets wat je vanzelf goed doet. Het kost je weinig
moeite en je krijgt er energie van. Vaak zie je je eigen talenten niet eens. Ze voelen zo
gewoon. Een ander ziet ze wel.

## Waarom je talenten ertoe doen

Aan de balie heb je elke dag met andere mensen te maken. Jong en oud. Tevreden en
geïrriteerd. Als je weet waar je goed in bent, kun je dat bewust inzetten. Dat geeft rust.
Je hoeft niet alles even goed te kunnen. Je mag doen waar je sterk in bent. En je mag leren
waar je minder sterk in bent.

In deze module beginnen we daarom altijd bij wat goed gaat. Daar krijg je zin van. En vanuit
je kracht kijk je makkelijker naar wat beter kan.

## Hoe herken je een talent?

Deze vragen helpen je op weg:

- Waar vragen collega's jou om hulp bij?
- Wat doe je graag, ook als niemand erom vraagt?
- Bij welk werk vergeet je de tijd?
- Waar krijg je complimenten over, terwijl je het zelf "niks bijzonders" vindt?

## Elk voordeel heeft een nadeel

Een talent heeft ook een keerzijde. Dat is niet erg, dat hoort erbij. Je ziet de keerzijde
vooral als je een talent te veel inzet. Een paar voorbeelden:

| Talent | De keerzijde als je het te veel doet |
|---|---|
| Snel schakelen | De klant kan je niet meer volgen |
| Behulpzaam zijn | Je belooft meer dan je kunt waarmaken |
| Precies werken | Je raakt verstrikt in details |
| Gezellig zijn | Het gesprek loopt uit en de rij groeit |

Herken je er een? Mooi. Dan weet je ook waar je op kunt letten.

## Opdracht

1. Schrijf drie talenten van jezelf op. Denk aan een gewone werkdag.
2. Vraag een collega: "Waar ben ik volgens jou goed in?" Schrijf het antwoord op. Ook als je
   het er niet mee eens bent.
3. Kies één talent. Schrijf een moment aan de balie op waarop dit talent je hielp. En een
   moment waarop je de keerzijde merkte.

Neem je antwoorden mee naar de tweede klassikale dag.
"""

COMMUNICATIESTIJL = """\
Iedereen communiceert op zijn eigen manier. De een praat snel en komt meteen ter zake. De
ander neemt de tijd en maakt eerst een praatje. Dat is je communicatiestijl. Er is geen
goede of foute stijl. Wel past de ene stijl beter bij een klant dan de andere.

## Vier dingen om op te letten

- **Tempo.** Praat je snel of rustig? Een hoog tempo is fijn voor een klant met haast. Voor
  een klant die onzeker is, is het vermoeiend.
- **Eerst contact of eerst de inhoud.** Ga je meteen naar de vraag? Of maak je eerst even
  contact? Sommige klanten willen eerst gezien worden. Pas daarna willen ze over hun vraag
  praten.
- **Je woorden.** Gebruik je gewone woorden of woorden uit je vak? "Een uittreksel uit de
  BRP" zegt de klant vaak niets. "Een bewijs van waar u woont" wel.
- **Je toon en je houding.** Dezelfde zin kan vriendelijk klinken of kortaf. Dat hangt af
  van hoe je hem zegt, en hoe je erbij zit of staat.

## De toon maakt de muziek

> "In dienstverlening is de toon waarmee je je boodschap brengt, cruciaal. Je kunt een
> inhoudelijk scherpe boodschap hebben, en de manier waarop je dat brengt, bepaalt de
> kwaliteit van je klantcontact."
>
> — een afdelingsmanager Burgerzaken

Soms moet je nee verkopen. Dat verandert niet. Wat je wel in de hand hebt, is hoe je het
zegt.

## Schakelen

Je hoeft geen ander mens te worden. Je kunt wel schakelen. Een medewerker van een
klantcontactcentrum hoorde in de training zijn eigen gesprekken terug. Hij dacht snel en
praatte snel. Handig bij sommige klanten, maar vermoeiend voor anderen. Ook ging hij vaak
meteen naar de inhoud. Na de training maakte hij eerst even contact. En hij ging rustiger
praten als hij merkte dat de klant dat fijn vond. Zijn gesprekken werden er meteen beter
van.

## Opdracht

Let bij drie klantgesprekken op je eigen stijl. Schrijf na elk gesprek kort op:

1. Was mijn tempo hoog, gemiddeld of laag?
2. Begon ik met contact of met de inhoud?
3. Welk woord gebruikte ik dat de klant misschien niet kende?

Kijk daarna naar je drie antwoorden. Wat valt je op? Schrijf één ding op dat je de komende
week anders wilt doen.
"""

DRIJFVEREN_DESCRIPTION = """\
Waarom doe je dit werk? Wat geeft je energie, en wat kost je juist energie? Dat zijn je
drijfveren. Ze zitten dieper dan je talenten. Ze bepalen waar je blij van wordt en waar je
van baalt.

> "Dienstverlening gaat niet over je niveau maar over motivatie."

Als je je drijfveren kent, begrijp je beter waarom sommige dagen zo goed voelen. En waarom
andere dagen zo zwaar zijn. Je kunt er ook beter over praten met je team en je
leidinggevende.

## Een paar voorbeelden

- **Mensen helpen.** Je gaat met een goed gevoel naar huis als je iemand echt verder hebt
  geholpen.
- **Zekerheid.** Je wilt weten waar je aan toe bent. Duidelijke afspraken geven je rust.
- **Afwisseling.** Je houdt ervan dat geen dag hetzelfde is.
- **Eerlijkheid.** Je vindt het belangrijk dat iedereen gelijk behandeld wordt.

Herken je jezelf in een van deze voorbeelden? Of juist helemaal niet? Allebei is goed.

## Zo gebruik je het werkblad

1. Download het werkblad. Open het op je computer of print het.
2. Vul het in, in je eigen woorden. Er zijn geen foute antwoorden.
3. Kies je drie belangrijkste drijfveren.
4. Neem het werkblad mee naar de tweede klassikale dag. Je bespreekt het daar met een
   andere cursist.

## Opdracht

Vul het werkblad in. Bespreek daarna je top drie met iemand die je goed kent, thuis of op je
werk. Herkent die persoon je drijfveren? Schrijf op wat hij of zij zei.
"""

DRIJFVEREN_FILE = """\
WERKBLAD DRIJFVEREN
Vaardigheidsmodule Dienstverlening - module 1: Inleiding

Naam: ______________________________   Datum: ______________

Wat drijft jou?
Drijfveren zijn de redenen waarom je doet wat je doet. Ze geven je energie.
Past je werk bij je drijfveren? Dan ga je met plezier naar je werk.


STAP 1 - Geef elke uitspraak een cijfer
1 = past helemaal niet bij mij ... 5 = past helemaal bij mij

 1. Ik word blij als ik iemand echt verder heb geholpen.          1  2  3  4  5
 2. Ik heb graag contact met veel verschillende mensen.            1  2  3  4  5
 3. Ik wil graag weten waar ik aan toe ben.                        1  2  3  4  5
 4. Ik houd van afwisseling: geen dag is hetzelfde.                1  2  3  4  5
 5. Ik wil mijn werk precies en goed afmaken.                      1  2  3  4  5
 6. Een compliment van een klant of collega doet me veel.          1  2  3  4  5
 7. Ik los dingen graag zelf op, op mijn eigen manier.             1  2  3  4  5
 8. Ik werk het liefst samen in een goed team.                     1  2  3  4  5
 9. Ik wil blijven leren en nieuwe dingen proberen.                1  2  3  4  5
10. Ik vind het belangrijk dat iedereen eerlijk behandeld wordt.   1  2  3  4  5


STAP 2 - Jouw top drie
Kies de drie uitspraken met het hoogste cijfer.
Schrijf ze op in je eigen woorden.

1. ____________________________________________________________
2. ____________________________________________________________
3. ____________________________________________________________


STAP 3 - Je drijfveren aan de balie
a. Op welk moment in je werk voel je deze drijfveren het sterkst?
   ____________________________________________________________

b. Wanneer botst je werk met een van je drijfveren? Wat doe je dan?
   ____________________________________________________________

c. Wat heb je nodig van je team of je leidinggevende?
   ____________________________________________________________


STAP 4 - Bespreek het
Bespreek je top drie met iemand die je goed kent.
Herkent die persoon je drijfveren? Wat zei hij of zij?
   ____________________________________________________________


Neem dit werkblad mee naar dagdeel 2: Waardevolle gesprekken.
"""

VAK_INTRODUCTION = """\
In deze korte video vertellen een baliemedewerker, een medewerker van een
klantcontactcentrum en trainer Anouk wat dienstverlening voor hen betekent. Kijk hem als je
zin hebt in een verhaal uit de praktijk. Deze les is niet verplicht.
"""

VAK_TRANSCRIPT = """\
**Anouk (trainer):** Dienstverlening is een vak. Klanten veranderen, regels veranderen, en
jouw werk aan de balie verandert mee. Wat blijft, is het contact. Daar gaat deze module
over.

**Marja (baliemedewerker Burgerzaken):** Ik werk al twintig jaar aan de balie. Ik dacht dat
ik alles wel gezien had. Maar toen ik in de training mijn eigen gesprek terughoorde, schrok
ik. Ik praatte heel snel. En ik was al met de oplossing bezig voordat de klant uitgepraat
was.

**Anouk:** Dat hoor ik vaak. Snel willen helpen is een mooi talent. Maar de klant moet je wel
kunnen volgen.

**Dennis (medewerker klantcontactcentrum):** Ik ben via een leerwerktraject binnengekomen. Ik
had een paar jaar niet gewerkt. Het vak leer je echt in de praktijk. En je mag fouten maken,
als je er maar van leert.

**Anouk:** Het belangrijkste is niet je diploma of je niveau. Het is je motivatie. Wil je
mensen echt helpen? Dan kun je dit vak leren.

**Marja:** Wat ik nu anders doe? Ik maak eerst even contact. "Goedemorgen, waar kan ik u mee
helpen?" En dan luister ik. Echt luisteren. Het kost mij zelfs minder energie, gek genoeg.

**Dennis:** Mijn tip: begin bij wat goed gaat. Als je weet waar je sterk in bent, durf je ook
te kijken naar wat beter kan.

**Anouk:** In deze module beginnen we bij jou. Je talenten, je stijl en je drijfveren. Dan je
klant. En dan de gesprekken die ertoe doen. Veel plezier!

## Opdracht

Welke van de drie sprekers herken je het meest? Schrijf in twee of drie zinnen op waarom.
"""

# --------------------------------------------------------------------------------------------
# Module 2: Waardevolle gesprekken
# --------------------------------------------------------------------------------------------

GEDRAGSSTIJLEN = """\
Elke klant is anders. Toch zie je aan de balie steeds dezelfde patronen terug. De ene klant
wil snel geholpen worden. De andere wil eerst zijn verhaal kwijt. Dat noemen we
gedragsstijlen. Als je een stijl herkent, kun je er beter op aansluiten.

## Twee vragen

Je herkent een gedragsstijl met twee eenvoudige vragen:

1. **Is de klant snel en direct, of rustig en afwachtend?**
2. **Gaat het de klant vooral om de zaak, of vooral om het contact?**

Zo kom je op vier stijlen.

## Vier gedragsstijlen

- **De doener** is snel en zakelijk. Hij komt meteen ter zake en houdt niet van omwegen.
  *Wat helpt:* kort en duidelijk zijn. Begin met de oplossing, de uitleg komt daarna.
- **De prater** is snel en gericht op mensen. Hij vertelt graag, maakt een grapje en springt
  van de hak op de tak. *Wat helpt:* ga mee in het contact. Vat daarna kort samen, zo kom je
  samen terug bij de vraag.
- **De zorgvuldige** is rustig en zakelijk. Hij wil precies weten hoe het zit en vraagt naar
  regels en details. *Wat helpt:* geef feiten, laat zien waar het staat en geef hem de tijd.
- **De meegaande** is rustig en gericht op mensen. Hij is vriendelijk en wil niemand tot last
  zijn. Hij zegt niet snel dat iets niet duidelijk is. *Wat helpt:* geduld. Vraag na of het
  duidelijk is, en vraag door.

## Geen hokjes

Een stijl zegt iets over gedrag op dat moment. Niet over wie iemand is. Dezelfde klant kan
vandaag haast hebben en volgende week alle tijd. Gebruik de stijlen dus als bril om beter te
kijken. Niet als etiket.

## Jouw stijl en die van je klant

Je hebt zelf ook een stijl. Soms botst die met de stijl van je klant. Ben je zelf een doener?
Dan kan een zorgvuldige klant je ongeduldig maken. Ben je een prater? Dan kan een doener je
kortaf lijken. Als je dat weet, kun je schakelen. Zonder jezelf te verliezen.

## Opdracht

Denk aan vier klanten van de afgelopen week.

1. Welke stijl zag je bij elke klant?
2. Wat deed jij? En werkte dat?
3. Kies één klant. Schrijf op wat je de volgende keer anders zou doen.
"""

LSD = """\
Een goed gesprek begint met luisteren. Dat klinkt simpel. Toch is het aan een drukke balie
best lastig. Je wilt de klant snel helpen. Je weet vaak al wat hij gaat vragen. En achter hem
staat een rij. In deze les oefen je drie vaardigheden: luisteren, samenvatten en doorvragen.
Je hoort ze soms samen "LSD" noemen.

## Luisteren

Luisteren is meer dan stil zijn. Je laat merken dat je luistert.

- Kijk de klant aan. Knik. Zeg "ja" of "hm-hm".
- Laat de klant uitpraten, ook als je het antwoord al weet.
- Luister naar **wat** de klant zegt, maar ook naar **hoe** hij het zegt. Klinkt hij
  gehaast, onzeker of boos?
- Vul niet in. "U komt zeker voor uw paspoort?" Misschien wel, misschien niet.

## Samenvatten

Met een samenvatting laat je horen wat je hebt begrepen. Je zegt in je eigen woorden wat de
klant bedoelt. Bijvoorbeeld:

- "Als ik u goed begrijp, wilt u ..."
- "Dus het gaat u vooral om ..."
- "Even kijken of ik het goed heb: ..."

Een samenvatting doet drie dingen. De klant voelt zich gehoord. Jij checkt of je het goed
hebt begrepen. En het gesprek komt terug bij de kern.

## Doorvragen

Met doorvragen kom je achter de echte vraag. Een paar tips:

- Stel **open vragen**. Die beginnen vaak met *wat*, *hoe* of *welke*. "Wat heeft u al
  geprobeerd?"
- Gebruik **gesloten vragen** om iets te checken. "Heeft u uw oude paspoort bij u?"
- Wees zuinig met "waarom". Dat kan klinken als een verwijt. Vraag liever: "Wat maakt dat
  u ...?"
- Stel één vraag tegelijk.

## Een gesprek analyseren

In deze module leer je ook naar gesprekken te kijken. Naar die van anderen, en naar je
eigen gesprekken. Begin altijd met wat goed ging. Zoek daarna de momenten waarop je had
kunnen samenvatten of doorvragen. Zo leer je van elk gesprek, zonder jezelf af te kraken.

## Opdracht

Kies een gesprek van vandaag of gisteren. Schrijf op:

1. Eén open vraag die je stelde.
2. Eén moment waarop je samenvatte. Of een moment waarop je dat had kunnen doen.
3. Eén moment waarop je had kunnen doorvragen. Welke vraag had je kunnen stellen?
"""

GESPREK_INTRODUCTION = """\
Je hoort een gesprek aan de balie van Burgerzaken. Mevrouw Bosman komt voor een paspoort
voor haar dochter. Over tien dagen gaat het gezin op vakantie. Baliemedewerker Kees helpt
haar.

Luister eerst naar het hele gesprek, of lees het mee in de uitgeschreven tekst. Let nog niet
op details. Vraag jezelf alleen af: hoe voelt mevrouw Bosman zich aan het begin? En hoe aan
het eind?

*In deze demo-omgeving hoor je alleen het belsignaal van het nummersysteem. Het gesprek zelf
lees je in de uitgeschreven tekst.*

## Opdracht

Lees of luister het gesprek nog een keer. Gebruik het werkblad gespreksanalyse als je wilt.

1. Zoek twee momenten waarop Kees samenvat. Wat zegt hij precies?
2. Welke vragen stelt Kees? Zijn ze open of gesloten?
3. Mevrouw Bosman is aan het begin bang. Aan het eind is ze gerustgesteld. Wat doet Kees
   waardoor dat verandert?
4. Wat zou jij anders doen? Schrijf één ding op.
"""

GESPREK_TRANSCRIPT = """\
**[00:00] Kees:** Nummer 47? Goedemorgen, komt u maar. Ik ben Kees. Waarmee kan ik u helpen?

**[00:06] Mevrouw Bosman:** Goedemorgen. Ik hoop dat u me kunt helpen. We gaan over tien dagen
op vakantie. En gisteravond zag ik dat het paspoort van mijn dochter verlopen is. Ik heb de
hele nacht niet geslapen.

**[00:17] Kees:** Oei, dat is schrikken. Fijn dat u meteen bent gekomen. We gaan samen kijken
wat er kan.

**[00:23] Mevrouw Bosman:** Ik heb alles bij me, denk ik. Haar oude paspoort, een foto ...

**[00:28] Kees:** Mooi. Hoe oud is uw dochter?

**[00:30] Mevrouw Bosman:** Twaalf. Lieke heet ze. Ze zit nu op school.

**[00:34] Kees:** Dan vragen we een nieuw paspoort voor Lieke aan. Ik vertel u even wat
daarvoor nodig is. Lieke moet zelf mee naar de balie. Ze is twaalf, dus we nemen ook haar
vingerafdrukken af.

**[00:45] Mevrouw Bosman:** O nee. Dus ik moet nog een keer terugkomen? Ik heb vandaag speciaal
vrij genomen.

**[00:51] Kees:** Dat is vervelend, als u er speciaal voor vrij hebt genomen. Mag ik eerst nog
iets vragen? Dan weten we meteen alles in één keer.

**[00:58] Mevrouw Bosman:** Ja, natuurlijk.

**[01:00] Kees:** Heeft u samen met de vader van Lieke het gezag?

**[01:03] Mevrouw Bosman:** Ja, we zijn getrouwd. Hij is nu aan het werk.

**[01:07] Kees:** Dan moet hij ook toestemming geven. Dat kan met een formulier. Hij vult het
in en zet zijn handtekening. U neemt een kopie van zijn paspoort of id-kaart mee.

**[01:17] Mevrouw Bosman:** Nog een formulier ... En gaat het dan nog lukken voor de vakantie?
Dat is eigenlijk het enige wat ik wil weten.

**[01:24] Kees:** Als ik u goed begrijp, wilt u vooral zeker weten dat Lieke over tien dagen
mee kan op reis. Klopt dat?

**[01:30] Mevrouw Bosman:** Ja. Precies.

**[01:32] Kees:** Een paspoort is meestal binnen een week klaar. Wordt het toch krap? Dan kunt
u kiezen voor een spoedaanvraag. Dat is sneller, maar het kost wel extra.

**[01:42] Mevrouw Bosman:** Oké. Dat valt mee.

**[01:44] Kees:** Zal ik nu vast een afspraak maken, voor morgen na schooltijd? Dan komt u met
Lieke, het formulier en de kopie van het paspoort van uw man.

**[01:52] Mevrouw Bosman:** Morgen om vier uur kan ik.

**[01:55] Kees:** Ik zet het erin: morgen om vier uur. Ik vat het even samen. U neemt mee:
Lieke, haar oude paspoort, een goede pasfoto, het formulier van uw man en een kopie van zijn
paspoort. Dan vragen we het paspoort aan, en is het op tijd klaar voor jullie vakantie.

**[02:10] Mevrouw Bosman:** Fijn. Ik ben echt gerustgesteld. Dank u wel.

**[02:13] Kees:** Graag gedaan. Ik geef u het formulier mee, en een briefje met alles op een
rij. Fijne dag, en alvast een goede reis!
"""

GESPREKSANALYSE_DESCRIPTION = """\
Met dit werkblad analyseer je een klantgesprek, stap voor stap. Dat kan het gesprek tussen
Kees en mevrouw Bosman zijn. Of een gesprek van jezelf, als je dat mag opnemen of
terugluisteren. Je kijkt naar luisteren, samenvatten en doorvragen. En naar de emotie van de
klant.

## Zo werk je

1. Schrijf eerst in één zin op wat de vraag van de klant was.
2. Loop het gesprek door en noteer de belangrijke momenten met de tijd erbij.
3. Zet bij elk moment een **L** (luisteren), **S** (samenvatten) of **D** (doorvragen).
4. Kijk eerst naar wat goed ging. Daarna naar wat beter kan.

## Waar let je op?

- **Het begin.** Hoe maakt de medewerker contact? Noemt hij zijn naam?
- **De echte vraag.** Komt die snel boven tafel, of pas na een paar vragen?
- **De emotie.** Wordt die opgemerkt en benoemd, voordat het over de inhoud gaat?
- **Het eind.** Weet de klant wat hij moet doen? Wordt er samengevat?

Wees mild als je naar je eigen gesprek kijkt. Je analyseert het gesprek, niet jezelf.

Dit werkblad is niet verplicht. Je kunt het ook gebruiken om een gesprek met je coach te
bespreken.

## Opdracht

Analyseer één gesprek met het werkblad. Kies daarna één ding dat je de volgende week in je
eigen gesprekken gaat oefenen.
"""

GESPREKSANALYSE_FILE = """\
WERKBLAD GESPREKSANALYSE
Vaardigheidsmodule Dienstverlening - module 2: Waardevolle gesprekken

Naam: ______________________________   Datum: ______________

Welk gesprek analyseer je?
( ) Het gesprek tussen Kees en mevrouw Bosman
( ) Een eigen gesprek, namelijk: ____________________________

De vraag van de klant in één zin:
   ____________________________________________________________

De emotie van de klant (omcirkel):   blij   bedroefd   bang   boos
Aan het begin: ____________   Aan het eind: ____________


DE BELANGRIJKE MOMENTEN
L = luisteren   S = samenvatten   D = doorvragen

Tijd   | Wat gebeurt er?                          | L/S/D | Goed / kan beter
-------+------------------------------------------+-------+-----------------
       |                                          |       |
       |                                          |       |
       |                                          |       |
       |                                          |       |
       |                                          |       |


TERUGKIJKEN
1. Wat ging goed? Noem minstens twee dingen.
   ____________________________________________________________

2. Waar had de medewerker nog kunnen doorvragen? Welke vraag?
   ____________________________________________________________

3. Waar werd samengevat? Hoe reageerde de klant daarop?
   ____________________________________________________________

4. Eén ding dat ik de volgende week in mijn eigen gesprekken oefen:
   ____________________________________________________________
"""

# --------------------------------------------------------------------------------------------
# Module 3: Omgaan met emoties
# --------------------------------------------------------------------------------------------

VIER_EMOTIES = """\
Klanten komen niet alleen met een vraag. Ze komen ook met een gevoel. Iemand die gaat
trouwen, is blij. Iemand die een overlijden komt aangeven, is bedroefd. Iemand met een
dreigende brief is bang. En iemand die voor de tweede keer voor niets komt, is boos. In deze
les leer je vier basisemoties herkennen: blij, bedroefd, bang en boos.

## Eerst de emotie, dan de inhoud

Zolang een emotie groot is, hoort de klant je uitleg niet goed. Dus eerst reageer je op de
emotie. Daarna praat je samen over de inhoud. Dat kost soms een minuut extra. Maar het
gesprek verloopt daarna vaak veel soepeler.

## Blij

- **Zo herken je het:** een lach, een open houding, vaak een verhaal erbij.
- **Wat de klant nodig heeft:** dat je even meedeelt in het goede nieuws.
- **Aan de balie:** "Wat leuk dat u gaat trouwen! Gefeliciteerd." Daarna help je verder.
  Kort en hartelijk is genoeg.

## Bedroefd

- **Zo herken je het:** een zachte stem, weinig oogcontact, soms tranen.
- **Wat de klant nodig heeft:** rust, tijd en eenvoudige stappen.
- **Aan de balie:** "Gecondoleerd met het verlies van uw vader." Praat rustig. Leg één stap
  tegelijk uit. Geef informatie ook op papier mee.

## Bang

- **Zo herken je het:** veel vragen, een onzekere stem, of juist stil en gespannen.
- **Wat de klant nodig heeft:** duidelijkheid en houvast.
- **Aan de balie:** "Ik snap dat u hiervan schrikt. Ik leg u uit wat er nu gebeurt." Vertel
  wat de klant kan verwachten. Beloof niets wat je niet kunt waarmaken.

## Boos

- **Zo herken je het:** een harde stem, snelle bewegingen, verwijten.
- **Wat de klant nodig heeft:** dat hij gehoord wordt.
- **Aan de balie:** laat de klant eerst zijn verhaal doen. Blijf rustig. Benoem wat je ziet:
  "Ik merk dat u hier echt boos over bent." Je hoeft het niet met de klant eens te zijn. Je
  laat alleen zien dat je hem begrijpt.

## Opdracht

Houd een week lang bij welke emoties je aan de balie tegenkomt. Zet steeds een streepje bij
blij, bedroefd, bang of boos. Kies aan het eind van de week één moment. Schrijf op wat je
zag, wat je deed en hoe de klant daarop reageerde.
"""

REAGEREN = """\
Je weet nu hoe je de vier emoties herkent. Maar wat zeg je dan? In deze les krijg je een
eenvoudig stappenplan. En zinnen die je meteen kunt gebruiken.

## Vijf stappen

1. **Zie het.** Kijk naar de klant, niet alleen naar je scherm. Hoe komt hij binnen?
2. **Benoem het.** Zeg wat je ziet. "Ik zie dat u schrikt." "Ik merk dat u boos bent."
3. **Geef ruimte.** Laat een stilte vallen. Laat de klant zijn verhaal afmaken.
4. **Vat samen.** "Dus u bent voor niets gekomen, en u heeft er vrij voor genomen."
5. **Ga naar de inhoud.** "Ik ga kijken wat ik nu voor u kan doen."

## Wat je liever niet zegt

| In plaats van | Zeg liever |
|---|---|
| "Rustig maar." | "Ik zie dat dit u echt raakt." |
| "Dat is nu eenmaal beleid." | "Ik leg u uit waarom het zo gaat." |
| "Ik kan er ook niks aan doen." | "Ik ga kijken wat ik wél voor u kan doen." |
| "U moet ..." | "Wat u kunt doen, is ..." |
| "Dat is niet mijn afdeling." | "Ik zoek voor u uit wie u hiermee helpt." |

## Sorry zeggen

Sorry zeggen is geen zwakte. Je kunt sorry zeggen voor wat er misging. "Het spijt me dat u
vorige week verkeerde informatie kreeg." Je hoeft geen sorry te zeggen voor een regel die
klopt. Daar geef je uitleg bij.

## Je grens

Een klant mag boos zijn. Maar hij mag je niet uitschelden of bedreigen. Dan geef je
rustig je grens aan: "Ik wil u graag helpen, maar niet als u zo tegen mij praat." Houdt het
niet op? Volg dan de afspraken van je organisatie en haal er een collega bij. Jouw
veiligheid gaat altijd voor.

## Zorg ook voor jezelf

Een zwaar gesprek neem je soms mee naar huis. Dat is normaal. Neem na zo'n gesprek even een
moment voor jezelf. Haal een glas water. Vertel het aan een collega. Zo sta je er niet
alleen voor.

## Opdracht

1. Schrijf voor elke emotie één zin op die je aan de balie kunt gebruiken. In je eigen
   woorden, zodat het bij jou past.
2. Oefen de zinnen hardop, bijvoorbeeld met een collega. Eén van jullie speelt de klant.
3. Gebruik ze deze week echt. Welke zin werkte het best?
"""

BOZE_KLANT_INTRODUCTION = """\
In deze video zie je een gesprek aan de balie. Meneer De Graaf komt zijn nieuwe rijbewijs
ophalen. Voor de tweede keer. Baliemedewerker Fatima helpt hem. Let op hoe Fatima eerst op
zijn emotie reageert, en pas daarna op de inhoud.

Deze les is niet verplicht. Hij is een goede voorbereiding op de oefeningen in de klas.

## Opdracht

1. Met welke zinnen benoemt Fatima de emotie van meneer De Graaf?
2. Op welk moment gaat ze naar de inhoud? Waarom werkt dat juist dan?
3. Fatima zegt sorry. Waarvoor precies? En waarvoor niet?
4. Wat herken je uit je eigen werk?
"""

BOZE_KLANT_TRANSCRIPT = """\
**[00:00] Meneer De Graaf:** Ik sta hier nu voor de tweede keer! Vorige week zeiden jullie dat
mijn rijbewijs klaar zou zijn. Ik heb er een halve dag vrij voor genomen. En nu is het er
weer niet?

**[00:10] Fatima:** U heeft er speciaal vrij voor genomen, en u gaat weer zonder rijbewijs naar
huis. Dat is echt vervelend. Ik snap dat u boos bent.

**[00:18] Meneer De Graaf:** Vervelend? Ik heb dat ding nodig voor mijn werk. Ik ben
chauffeur!

**[00:23] Fatima:** U heeft het nodig voor uw werk. Dan begrijp ik nog beter dat dit u hoog
zit. Mag ik even kijken wat er aan de hand is?

**[00:30] Meneer De Graaf:** Ga je gang.

**[00:41] Fatima:** Ik zie het. Uw rijbewijs is nog niet bij ons binnen. Vorige week had u te
horen moeten krijgen dat het later zou worden. Dat is niet goed gegaan. Het spijt me.

**[00:51] Meneer De Graaf:** En wat moet ik nu?

**[00:53] Fatima:** Dat zoeken we samen uit. U heeft uw oude rijbewijs nog, klopt dat? Dat
levert u pas in als u het nieuwe ophaalt.

**[00:59] Meneer De Graaf:** Ja, dat heb ik nog.

**[01:01] Fatima:** Tot wanneer is het geldig?

**[01:04] Meneer De Graaf:** Even kijken ... tot over twee weken.

**[01:08] Fatima:** Dan kunt u morgen gewoon met uw oude rijbewijs aan het werk.

**[01:12] Meneer De Graaf:** O. Nou, dat scheelt.

**[01:15] Fatima:** Ik zet een notitie bij uw aanvraag. Zodra uw nieuwe rijbewijs binnen is,
bellen we u. Dan hoeft u niet meer voor niets te komen. Op welk nummer kan ik u het beste
bereiken?

**[01:25] Meneer De Graaf:** Gewoon mijn mobiele nummer. Dat hebben jullie.

**[01:28] Fatima:** Dan vat ik het even samen. Uw oude rijbewijs is nog twee weken geldig, dus
u kunt gewoon werken. Wij bellen u zodra het nieuwe er is. Dan maken we meteen een tijd die
u goed uitkomt.

**[01:40] Meneer De Graaf:** Oké. Sorry dat ik zo uitviel. Ik was er gewoon klaar mee.

**[01:44] Fatima:** Dat begrijp ik. Fijn dat we het samen hebben opgelost. Een goede dag nog,
meneer De Graaf.
"""

LEERPLAN = """\
Je bent bijna aan het eind van de module. Tijd om terug te kijken. Wat heb je geleerd? En
wat neem je mee naar je werk? In deze les maak je je eigen leerplan. Dat helpt je om te
blijven oefenen als de training voorbij is. En het helpt je bij de voorbereiding op het
examen.

## Terugkijken

Kijk terug op de drie delen van de module:

- **Jezelf.** Wat zijn je talenten? Wat is je communicatiestijl? En wat drijft je?
- **Je klant en het gesprek.** Welke gedragsstijlen herken je nu sneller? Hoe gaat het met
  luisteren, samenvatten en doorvragen?
- **Emoties.** Welke emotie vind je het lastigst? En wat doe je nu anders dan eerst?

Lees ook je antwoorden op de opdrachten nog eens terug. Je zult zien dat je al een hele weg
hebt afgelegd.

## Je leerplan

Een goed leerplan is klein en concreet. Niet "ik wil beter luisteren". Wel: "Ik laat de
klant altijd uitpraten voordat ik op mijn scherm kijk." Schrijf op:

1. **Drie leerpunten.** Wat wil je de komende drie maanden beter doen?
2. **Hoe je oefent.** Bij welk soort gesprekken ga je dit doen?
3. **Wie je helpt.** Een collega die meeluistert? Je teamleider? Je coach?
4. **Hoe je weet dat het lukt.** Wat merk je, of wat merkt je klant?

## Vier je successen

Kijk niet alleen naar wat beter kan. Schrijf ook op wat al goed gaat. Daar mag je trots op
zijn.

## Opdracht

Schrijf je leerplan met de vier punten hierboven. Bespreek het met je trainer of coach. En
plan over drie maanden een moment om terug te kijken: wat is gelukt?
"""

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
        body=WELKOM,
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
        body=TALENTEN,
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
        body=COMMUNICATIESTIJL,
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
        description=DRIJFVEREN_DESCRIPTION,
        file_name="werkblad-drijfveren.txt",
        file_text=DRIJFVEREN_FILE,
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
        introduction=VAK_INTRODUCTION,
        transcript=VAK_TRANSCRIPT,
        media_url="https://media.example.nl/dienstverlening/dienstverlening-is-een-vak.mp4",
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
        body=GEDRAGSSTIJLEN,
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
        body=LSD,
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
        introduction=GESPREK_INTRODUCTION,
        transcript=GESPREK_TRANSCRIPT,
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
        description=GESPREKSANALYSE_DESCRIPTION,
        file_name="werkblad-gespreksanalyse.txt",
        file_text=GESPREKSANALYSE_FILE,
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
        body=VIER_EMOTIES,
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
        body=REAGEREN,
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
        introduction=BOZE_KLANT_INTRODUCTION,
        transcript=BOZE_KLANT_TRANSCRIPT,
        media_url="https://media.example.nl/dienstverlening/een-boze-klant-aan-de-balie.mp4",
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
        body=LEERPLAN,
    ),
)

# --------------------------------------------------------------------------------------------
# Question bank and quizzes
# --------------------------------------------------------------------------------------------

# Moodle's GIFT format: a trainer can read, change and re-import these questions, or use them
# in Moodle. Each `$CATEGORY:` section goes into the category of that name (QUESTION_CATEGORIES).
# Right answers start with =, wrong ones with ~, a weight looks like ~%50%, feedback follows a #.
QUESTION_BANK = """\
$CATEGORY: Oefenvragen

// Module 1: jezelf

::Wat is een talent?::Wat is een talent, zoals we het in deze module bedoelen?{
    =Iets wat je vanzelf goed doet en wat je energie geeft
        #Precies. Het kost je weinig moeite. Vaak zie je het zelf niet eens, een ander wel.
    ~Iets wat je op een cursus hebt geleerd
        #Dat is een vaardigheid. Een talent doe je vanzelf goed, ook zonder cursus.
    ~Iets waar je graag complimenten over krijgt
        #Complimenten helpen je een talent te herkennen. Maar een talent is wat je vanzelf goed doet.
    ~Iets wat je leidinggevende van je verwacht
        #Wat een ander verwacht, is nog geen talent. Een talent doe je vanzelf goed en het geeft je energie.
}

::Elk voordeel heeft een nadeel::Elk talent heeft een keerzijde. Die merk je vooral als je het talent te veel inzet.{T
    #Toch wel. Wie bijvoorbeeld heel snel schakelt, raakt een klant soms kwijt.
    #Klopt. Als je de keerzijde van je talent kent, weet je ook waar je op kunt letten.
}

::Je communicatiestijl::Op welke dingen let je als je naar je eigen communicatiestijl kijkt? Kies alle goede antwoorden.{
    ~%25%Je tempo: praat je snel of rustig?
    ~%25%Begin je met contact of met de inhoud?
    ~%25%Je woorden: gewone woorden of woorden uit je vak?
    ~%25%Je toon en je houding
    ~%-50%Welk diploma je hebt
        #Je diploma zegt niets over hoe je communiceert. Het gaat om tempo, contact, woorden en toon.
    ####Er is geen goede of foute communicatiestijl. Wel past de ene stijl beter bij een klant dan de andere.
}

::Tempo aanpassen::Een klant komt onzeker binnen en praat zacht. Jij praat van nature snel. Wat doe je het best?{
    =Je gaat rustiger praten en maakt eerst even contact
        #Goed zo. Je hoeft geen ander mens te worden, maar je kunt wel schakelen.
    ~Je blijft in je eigen tempo, dan is de klant het snelst geholpen
        #Voor een onzekere klant is een hoog tempo vermoeiend. Hij kan je dan niet goed volgen.
    ~Je geeft de klant een folder mee, dan kan hij het thuis rustig lezen
        #Een folder kan helpen, maar het gesprek gaat voor. Pas eerst je tempo aan.
    ~Je vraagt een collega om het over te nemen
        #Dat hoeft niet. Jij kunt zelf schakelen: rustiger praten en eerst contact maken.
}

::Gewone woorden::Welke zin past het best bij een klant die de woorden uit jouw vak niet kent?{
    =Ik geef u een bewijs van waar u woont.
        #Ja. Met gewone woorden maak je het de klant makkelijk.
    ~Ik geef u een uittreksel uit de BRP.
        #Veel klanten zegt dit niets. Het is vaktaal.
    ~Dan heeft u een uittreksel basisregistratie personen nodig.
        #Dit klopt wel, maar het is vaktaal. Zeg liever in gewone woorden wat de klant krijgt.
}

::Drijfveren::Wat zijn drijfveren?{
    =De redenen waarom je doet wat je doet. Ze geven je energie.
        #Klopt. Ze zitten dieper dan je talenten en bepalen waar je blij van wordt.
    ~De regels die je aan de balie moet volgen
        #Regels zijn afspraken van je organisatie. Drijfveren komen uit jezelf.
    ~De doelen die je leidinggevende voor je stelt
        #Doelen van een ander zijn geen drijfveren. Drijfveren komen uit jezelf.
}

// Module 2: je klant en het gesprek

::Vier gedragsstijlen::Wat helpt de klant? Koppel elke gedragsstijl aan wat het best werkt.{
    =De doener -> Kort en duidelijk zijn, met de oplossing eerst
    =De prater -> Meegaan in het contact en daarna kort samenvatten
    =De zorgvuldige -> Feiten geven en laten zien waar het staat
    =De meegaande -> Geduld hebben en nagaan of het duidelijk is
    ####Een stijl is een bril om beter te kijken, geen etiket. Lees de les over gedragsstijlen nog eens terug als je twijfelt.
}

::Gedragsstijl herkennen::Een klant zegt: "Ik heb weinig tijd, ik kom voor mijn rijbewijs." Hij legt zijn pasje al op de balie. Welke gedragsstijl zie je?{
    =De doener
        #Ja: snel en zakelijk. Kort en duidelijk helpt hem het meest.
    ~De prater
        #De prater is ook snel, maar hij is vooral gericht op contact. Hij vertelt graag.
    ~De zorgvuldige
        #De zorgvuldige is rustig en wil precies weten hoe het zit.
    ~De meegaande
        #De meegaande is rustig en vriendelijk. Hij wil niemand tot last zijn.
}

::Geen hokjes::Een gedragsstijl zegt wie een klant is. Die stijl verandert dus nooit.{F
    #Niet helemaal. Een stijl zegt iets over gedrag op dat moment, niet over wie iemand is.
    #Klopt, dit is niet waar. Dezelfde klant kan vandaag haast hebben en volgende week alle tijd.
}

::LSD::Welke drie vaardigheden oefen je in de les over waardevolle gesprekken? Kies alle goede antwoorden.{
    ~%33.33333%Luisteren
    ~%33.33333%Samenvatten
    ~%33.33333%Doorvragen
    ~%-50%Snel een oplossing geven
        #Snel helpen is mooi. Maar eerst luister je goed, anders help je misschien met de verkeerde vraag.
    ~%-50%Invullen wat de klant bedoelt
        #Vul niet in. Vraag liever door.
    ####L, S en D: luisteren, samenvatten en doorvragen.
}

::Samenvatten::Je zegt tegen een klant: "Als ik u goed begrijp, wilt u vooral zeker weten dat uw dochter mee kan op reis." Welke vaardigheid gebruik je? Schrijf één woord.{
    =samenvatten
        #Goed. Je zegt in je eigen woorden wat de klant bedoelt, en je checkt of je het goed hebt begrepen.
    =samenvat*
        #Goed. Je vat samen wat de klant bedoelt.
    =%50%luisteren
        #Je luistert zeker. Maar hier zeg je in je eigen woorden wat de klant bedoelt: dat heet samenvatten.
}

::Open vraag::Welke vraag is een open vraag?{
    =Wat heeft u al geprobeerd?
        #Ja. Een open vraag begint vaak met wat, hoe of welke. De klant kan zijn eigen verhaal vertellen.
    ~Heeft u uw oude paspoort bij u?
        #Dit is een gesloten vraag: het antwoord is ja of nee. Handig om iets te checken.
    ~U komt zeker voor uw paspoort?
        #Hier vul je in wat de klant komt doen. Misschien klopt het, misschien niet.
    ~Waarom heeft u dat niet eerder gedaan?
        #Wees zuinig met waarom. Zo'n vraag kan klinken als een verwijt.
}

$CATEGORY: Examen

// Jezelf: talenten, communicatiestijl en drijfveren

::Je talenten kennen::Waarom is het handig om je eigen talenten te kennen als je aan de balie werkt?{
    =Je kunt ze bewust inzetten, en je weet waar je op moet letten
        #Ja. Vanuit je kracht kijk je ook makkelijker naar wat beter kan.
    ~Dan hoef je niets meer bij te leren
        #Je blijft leren. Je talenten kennen helpt je juist om te zien wat beter kan.
    ~Dan kun je lastige klanten doorsturen naar een collega
        #Je talenten kennen gaat over jezelf, niet over het doorsturen van klanten.
    ~Dan kun je elke klant op dezelfde manier helpen
        #Elke klant is anders. Je talenten helpen je juist om te schakelen.
}

::Talent en keerzijde::Koppel elk talent aan de keerzijde die je ziet als je het te veel inzet.{
    =Snel schakelen -> De klant kan je niet meer volgen
    =Behulpzaam zijn -> Je belooft meer dan je kunt waarmaken
    =Precies werken -> Je raakt verstrikt in details
    =Gezellig zijn -> Het gesprek loopt uit en de rij groeit
}

::Eerst contact::Sommige klanten willen eerst even contact maken, voordat ze over hun vraag praten.{T
    #Toch wel. Een klant wil vaak eerst gezien worden. Daarna praat hij makkelijker over zijn vraag.
    #Klopt. Daarom maak je eerst even contact, en ga je daarna naar de inhoud.
}

::De toon maakt de muziek::Je moet een klant vertellen dat zijn aanvraag niet kan. Wat heb jij dan in de hand?{
    =Hoe je het zegt: je toon, je woorden en je houding
        #Ja. De boodschap verandert niet, maar hoe je hem brengt bepaalt hoe het contact verloopt.
    ~Of het antwoord ja of nee is
        #De regel bepaalt het antwoord. Wat jij in de hand hebt, is hoe je het zegt.
    ~Of de klant het met je eens is
        #Dat heb je niet in de hand. Wel hoe je het brengt.
}

::Wat je drijfveren je opleveren::Je kent je drijfveren. Wat levert dat je op? Kies alle goede antwoorden.{
    ~%50%Je begrijpt beter waarom sommige werkdagen zo goed voelen, en andere zo zwaar
    ~%50%Je kunt er beter over praten met je team en je leidinggevende
    ~%-100%Je hoeft je niet meer aan de regels te houden
        #Drijfveren geven je energie. Ze veranderen niets aan de regels.
    ~%-50%Je weet meteen wat elke klant wil
        #Je drijfveren gaan over jezelf. Wat een klant wil, ontdek je door te luisteren en door te vragen.
}

// Je klant en het gesprek

::De meegaande klant::Een vriendelijke, rustige klant knikt steeds. Toch twijfel je of hij je uitleg begrijpt. Wat doe je?{
    =Je vraagt na of het duidelijk is, en je vraagt door
        #Goed. Een meegaande klant zegt niet snel dat iets niet duidelijk is.
    ~Je gaat door, hij knikt toch
        #Knikken betekent niet altijd begrijpen. Vraag na of het duidelijk is.
    ~Je legt alles nog een keer uit, maar sneller
        #Sneller maakt het niet duidelijker. Vraag liever wat nog niet helder is.
    ~Je geeft hem een folder en roept de volgende klant
        #Dan weet je nog steeds niet of hij het begrijpt. Vraag het hem.
}

::Een gesprek analyseren::Als je een eigen gesprek analyseert, begin je met wat goed ging.{T
    #Toch wel. Begin bij wat goed ging. Zo leer je van elk gesprek, zonder jezelf af te kraken.
    #Klopt. Daarna kijk je naar de momenten waarop je had kunnen samenvatten of doorvragen.
}

::Doorvragen::Met welke vaardigheid kom je achter de echte vraag van de klant? Schrijf één woord.{
    =doorvragen
        #Goed. Met open vragen kom je achter de echte vraag.
    =door vragen
        #Goed. Met open vragen kom je achter de echte vraag.
    =%50%vragen
        #Bijna. Het gaat om doorvragen: je stelt een vraag over wat de klant net zei.
}

::De waarom-vraag::Een vraag die met "waarom" begint, kan voor een klant klinken als een verwijt.{T
    #Toch wel. Vraag liever: wat maakt dat u ...?
    #Klopt. Vraag liever: wat maakt dat u ...?
}

// Emoties: blij, bedroefd, bang en boos

::Vier emoties::Wat heeft de klant nodig? Koppel elke emotie aan wat helpt.{
    =Blij -> Dat je even meedeelt in het goede nieuws
    =Bedroefd -> Rust, tijd en eenvoudige stappen
    =Bang -> Duidelijkheid en houvast
    =Boos -> Dat hij gehoord wordt
    ####Eerst de emotie, dan de inhoud.
}

::Welke emotie zie je?::Een klant komt binnen met een brief in zijn hand. Zijn stem trilt en hij stelt veel vragen achter elkaar. Welke emotie zie je vooral?{
    =Bang
        #Ja. Deze klant heeft vooral duidelijkheid en houvast nodig.
    ~Blij
        #Een trillende stem en veel vragen passen niet bij blij.
    ~Bedroefd
        #Bij verdriet zie je vaker een zachte stem en weinig oogcontact.
    ~Boos
        #Bij boosheid hoor je vaker een harde stem en verwijten.
}

::Een boze klant::Een klant is boos. Hij komt voor de tweede keer voor niets. Wat helpt? Kies alle goede antwoorden.{
    ~%40%Je laat hem eerst zijn verhaal doen
    ~%30%Je benoemt wat je ziet: "Ik merk dat u hier echt boos over bent."
    ~%30%Je vat samen wat er misging
    ~%-50%Je zegt: "Rustig maar."
        #Dit werkt vaak averechts. Zeg liever: "Ik zie dat dit u echt raakt."
    ~%-50%Je zegt: "Dat is nu eenmaal beleid."
        #Leg liever uit waarom het zo gaat.
}

::Sorry zeggen::Je zegt ook sorry voor een regel die klopt.{F
    #Niet nodig. Sorry zeg je voor wat er misging. Bij een regel die klopt, geef je uitleg.
    #Klopt, dit is niet waar. Sorry zeg je voor wat er misging. Bij een regel die klopt, geef je uitleg.
}

::Verdriet herkennen::Een klant zegt zacht: "Mijn moeder is vorige week overleden. Ik kom het aangeven." Welke emotie hoort hierbij? Schrijf één woord.{
    =bedroefd
        #Ja. Deze klant heeft rust, tijd en eenvoudige stappen nodig.
    =verdrietig
        #Ja. Deze klant heeft rust, tijd en eenvoudige stappen nodig.
    =verdriet
        #Ja. Deze klant heeft rust, tijd en eenvoudige stappen nodig.
}

::Je grens::Een klant scheldt je uit. Wat doe je eerst?{
    =Je geeft rustig je grens aan: "Ik wil u graag helpen, maar niet als u zo tegen mij praat."
        #Goed. Houdt het niet op? Volg dan de afspraken van je organisatie en haal een collega erbij.
    ~Je doet alsof je het niet hoort
        #Je hoeft dit niet te pikken. Geef rustig je grens aan.
    ~Je zegt er net zo hard iets tegenin
        #Dan wordt het alleen maar erger. Blijf rustig en geef je grens aan.
}

::Een blije klant::Een stel komt hun huwelijk aangeven en straalt. Wat doe je?{
    =Je feliciteert ze kort en hartelijk, en helpt ze daarna verder
        #Ja. Even meedelen in het goede nieuws, daarna de inhoud.
    ~Je gaat meteen naar de formulieren, want er staat een rij
        #Een kort en hartelijk woord kost bijna geen tijd en maakt veel verschil.
    ~Je vraagt uitgebreid naar hun plannen voor de bruiloft
        #Leuk bedoeld, maar kort en hartelijk is genoeg. Dan help je ze verder.
}

$CATEGORY: Open vragen

::Een gesprek aan de balie::Beschrijf een gesprek aan de balie dat je de afgelopen weken zelf hebt gevoerd, met een klant die een duidelijke emotie liet zien: blij, bedroefd, bang of boos. Vertel wat de klant kwam doen en welke emotie je zag. Wat zei en deed jij? Waar luisterde je, waar vatte je samen en waar vroeg je door? Hoe liep het gesprek af? Sluit af met één ding dat je de volgende keer anders zou doen, en waarom. Schrijf ongeveer 200 tot 300 woorden.{
    ####Een sterk antwoord noemt de emotie en laat zien hoe je daar eerst op reageerde, voordat je naar de inhoud ging. Het geeft een voorbeeld van luisteren, samenvatten of doorvragen, met de woorden die je gebruikte. En het eindigt met een klein, concreet leerpunt.
}
"""

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

OEFENTOETS_INTRO = """\
Hoe goed ken je de stof van de eerste twee delen? Test het met deze oefentoets. Je krijgt
acht vragen over jezelf, je klant en gesprekken aan de balie.

- Je mag zo vaak oefenen als je wilt. Elke keer krijg je andere vragen.
- Er is geen tijdslimiet.
- Na elke poging zie je meteen welke antwoorden goed waren, met uitleg.
- De oefentoets telt niet mee voor je certificaat.

Twijfel je bij een vraag? Lees dan de les nog eens terug. Daar is de oefentoets voor.
"""

EXAMEN_INTRO = """\
Dit is het examen van de vaardigheidsmodule Dienstverlening. Je krijgt tien vragen over de
hele module: jezelf, je klant, gesprekken en emoties aan de balie.

- Je hebt **45 minuten** en **één poging**.
- Je antwoorden worden bewaard terwijl je werkt. Valt je verbinding weg? Dan ben je niets
  kwijt.
- Je bent geslaagd bij **60%** of meer.
- Je uitslag zie je zodra het examen is nagekeken. Welke antwoorden goed en fout waren,
  zie je na de sluitingsdatum.

Ben je geslaagd en was je bij alle klassikale dagen? Dan krijg je het certificaat van de
NVVB en de PublieksAcademie. Veel succes!
"""

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
        intro=OEFENTOETS_INTRO,
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
        intro=EXAMEN_INTRO,
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


@dataclass(frozen=True)
class RubricSpec:
    """A rubric in the plain-text form a trainer writes it in (see assessments.rubrics)."""

    title: str
    text: str


@dataclass(frozen=True)
class AssignmentSpec:
    module: int
    order: int
    kind: str  # "assignment", "conversation" or "reflection"
    title: str
    summary: str
    minutes: int
    opens: RuleSpec | None
    due: RuleSpec | None
    instructions: str
    rubric: str = ""  # a RubricSpec's title; empty for complete/incomplete
    required: bool = True
    accepts_text: bool = True
    accepts_files: bool = False
    accepts_audio: bool = False
    allowed_file_types: str = "pdf,docx,odt,txt"
    reflection_questions: str = ""
    pass_mark: Decimal = Decimal("55")


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
        text="""\
# Talenten herkennen
Noemt de cursist eigen talenten, met een voorbeeld uit het werk?
- 0: Er staan geen talenten in, of zonder voorbeeld.
- 1: Eén talent met een voorbeeld.
- 2: Twee of meer talenten, elk met een voorbeeld uit het werk.

# Keerzijde
Ziet de cursist wat een talent kan kosten, als het doorschiet?
- 0: De keerzijde ontbreekt.
- 1: Een keerzijde genoemd, nog algemeen.
- 2: Een keerzijde met een concreet moment aan de balie.

# Drijfveren
- 0: Geen drijfveer beschreven.
- 1: Een drijfveer genoemd.
- 2: Een drijfveer, en wat die betekent voor het contact met klanten.
""",
    ),
    RubricSpec(
        title="Analyse van een klantgesprek",
        text="""\
# De vraag en de emotie van de klant
Beschrijft de cursist de echte vraag en de emotie van de klant, aan het begin en aan het eind?
- 0: Vraag of emotie ontbreekt.
- 2: Vraag en emotie genoemd, zonder moment erbij.
- 4: Vraag en emotie, met de momenten waarop je ze hoort.

# Luisteren, samenvatten en doorvragen
Zijn de technieken op de goede momenten herkend?
- 0: Geen technieken aangewezen.
- 2: Eén of twee technieken aangewezen.
- 4: Alle drie de technieken, elk op een passend moment.

# Reflectie
Wat neemt de cursist mee naar de eigen balie?
- 0: Geen eigen leerpunt.
- 1: Een leerpunt, nog algemeen.
- 2: Een klein en concreet leerpunt.
""",
    ),
)

WERKBLAD_OPDRACHT = """\
Je hebt in de eerste lessen nagedacht over je talenten en je drijfveren. Nu zet je het op
papier. Niet voor een cijfer, maar om jezelf beter te leren kennen. Je trainer leest mee en
geeft je feedback. Zo neem je iets mee naar de volgende lesdag.

## Wat lever je in?

Schrijf een korte tekst van een halve tot een hele pagina. Je mag ook je ingevulde werkblad
drijfveren toevoegen, als bestand.

- **Je talenten.** Noem twee dingen waar je vanzelf goed in bent. Geef bij elk talent een
  voorbeeld uit je werk aan de balie.
- **De keerzijde.** Wat gebeurt er als een talent doorschiet? Beschrijf één moment.
- **Je drijfveren.** Wat vind je echt belangrijk in je werk? En wat merkt je klant daarvan?

## Zo beoordeelt je trainer

Je trainer kijkt naar drie dingen: herken je je talenten, zie je de keerzijde, en weet je
wat je drijft. Bij elk onderdeel krijg je punten en een korte toelichting. Voldoende is
meer dan de helft van de punten. Lukt het niet in één keer? Dan mag je tot de deadline een
nieuwe versie inleveren.

## Opdracht

Schrijf je tekst hieronder. Bewaar tussendoor, of laat het automatisch bewaren. Ben je
klaar? Lever dan in. Je trainer ziet je werk daarna meteen.
"""

GESPREKSANALYSE_OPDRACHT = """\
In de les over luisteren, samenvatten en doorvragen heb je gezien hoe Kees mevrouw Bosman
helpt. Nu analyseer je zelf een klantgesprek. Dat kan het gesprek van Kees zijn. Of een
gesprek van jezelf, als je dat mag opnemen en de klant het goed vindt.

## Zo werk je

1. Neem het gesprek op, of kies een opname. Je kunt ook alleen de uitgeschreven tekst
   plakken.
2. Loop het gesprek door. Zet bij belangrijke momenten een aantekening: de tijd (zoals
   1:24) of een stukje tekst, een categorie en een korte notitie.
3. Kies als categorie een emotie (blij, bedroefd, bang, boos) of een gesprekstechniek
   (luisteren, samenvatten, doorvragen).
4. Beantwoord de reflectievragen.

## Waar let je op?

- Wanneer hoor je de emotie van de klant? Verandert die in de loop van het gesprek?
- Waar vat de medewerker samen? Hoe reageert de klant daarop?
- Waar had de medewerker nog kunnen doorvragen?

Wees mild als je je eigen gesprek analyseert. Je kijkt naar het gesprek, niet naar jezelf.
Je trainer ziet je aantekeningen bij de opname en zet er eigen opmerkingen bij.

## Opdracht

Maak minstens vijf aantekeningen: drie bij een techniek en twee bij een emotie. Beantwoord
daarna de reflectievragen en lever in.
"""

GESPREKSANALYSE_VRAGEN = """\
Wat was de echte vraag van de klant, in één zin?
Welke emotie had de klant aan het begin, en welke aan het eind? Waardoor veranderde die?
Welk moment vond je het sterkst in dit gesprek, en waarom?
Wat ga je de komende week zelf oefenen aan je eigen balie?
"""

REFLECTIE_OPDRACHT = """\
Je bent bijna klaar met de module. In deze reflectie kijk je terug. Wat heb je geleerd over
jezelf, over je klanten en over emoties aan de balie? En wat neem je mee?

Een reflectie is geen toets. Er is geen goed of fout antwoord. Je trainer kijkt alleen of
je reflectie compleet is: heb je bij elk punt iets geschreven? Dan is het goed.

## Schrijf over deze punten

- **Een moment dat je bijblijft.** Uit de les, een rollenspel of je eigen werk. Wat
  gebeurde er, en wat deed jij?
- **Wat je nu anders doet.** Noem één ding dat je sinds de training anders doet aan de
  balie. Hoe reageren je klanten?
- **Wat nog lastig is.** Welke emotie of welk soort gesprek vind je nog moeilijk? Wat helpt
  je daarbij?
- **Je volgende stap.** Wat ga je de komende drie maanden oefenen? Wie helpt je daarbij?

Schrijf in je eigen woorden. Een halve pagina is genoeg. Je mag ook een korte opname
inspreken, als je liever praat dan schrijft.

## Opdracht

Schrijf je reflectie en lever in vóór de deadline. Je trainer leest hem en geeft je een
korte reactie.
"""

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
        instructions=WERKBLAD_OPDRACHT,
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
        instructions=GESPREKSANALYSE_OPDRACHT,
        rubric="Analyse van een klantgesprek",
        accepts_audio=True,
        reflection_questions=GESPREKSANALYSE_VRAGEN,
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
        instructions=REFLECTIE_OPDRACHT,
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
        body="""\
Hoi Sanne, wat fijn dat je je talenten zo eerlijk hebt opgeschreven. Je noemde **rust
brengen** als talent. Dat zag ik op de eerste ochtend ook: toen het rollenspel vastliep,
bleef jij kalm. Je vatte in één zin samen wat de klant bedoelde. Precies wat een klant aan
de balie nodig heeft.

Een tip voor de komende weken. Je schreef dat een gesprek met een gezellige klant soms
uitloopt, terwijl de rij groeit. Probeer eens af te sluiten met een korte samenvatting:
"Dan weet u nu wat u moet meenemen. Fijne dag!" Zo blijft het warm en houd je de vaart
erin.

Ik ben benieuwd naar je werkblad drijfveren. Tot op de volgende lesdag!

Anouk
""",
    ),
    NoteSpec(
        learner="henriette",
        author="trainer",
        lesson=(3, 4),
        body="""\
Henriëtte, je hebt alles afgerond. Knap gedaan, naast je werk en je zorg thuis!

In je leerplan schrijf je dat je bij een boze klant niet meer meteen gaat uitleggen. Je
benoemt eerst wat je ziet. In het laatste rollenspel deed je dat al heel natuurlijk: "Ik
merk dat u hier echt klaar mee bent." De klant zakte zichtbaar een stukje terug.

Je leerpunten zijn klein en concreet. Zo hoort het. Plan je het terugkijkmoment over drie
maanden echt in je agenda? Ik hoor graag hoe het gaat.

Anouk
""",
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


@dataclass(frozen=True)
class MomentSpec:
    seconds: int | None
    category: str  # an ANNOTATION_CATEGORIES name, or "" for a trainer's comment
    note: str
    quote: str = ""


@dataclass(frozen=True)
class ReviewSpec:
    author: str
    after_submission: timedelta
    feedback: str
    levels: tuple[int, ...] = ()  # the chosen level per rubric criterion
    complete: bool | None = None
    comments: tuple[MomentSpec, ...] = ()


@dataclass(frozen=True)
class SubmissionSpec:
    learner: str
    assignment: tuple[int, int]  # (module order, lesson order)
    after_opening: timedelta
    text: str = ""
    transcript: str = ""
    audio: bool = False
    answers: tuple[str, ...] = ()
    annotations: tuple[MomentSpec, ...] = ()
    file_name: str = ""
    file_text: str = ""
    review: ReviewSpec | None = None


SUBMISSIONS = (
    SubmissionSpec(
        learner="henriette",
        assignment=(1, 6),
        after_opening=timedelta(days=6, hours=20),
        text="""\
**Mijn talenten**

1. *Rust brengen.* Als het druk is aan de balie, blijf ik kalm. Vorige week stond er een
   vader met drie kinderen en een verlopen id-kaart. Ik heb eerst de kinderen een kleurplaat
   gegeven. Daarna konden we rustig kijken wat er nodig was.
2. *Precies werken.* Ik controleer alles twee keer. Klanten hoeven bij mij zelden terug te
   komen.

**De keerzijde**

Precies werken kan doorschieten. Soms leg ik te veel uit, terwijl de klant alleen wil
weten wat hij moet meenemen. Dan zie ik de rij groeien.

**Mijn drijfveer**

Ik wil dat mensen geholpen de deur uit gaan. Daarom vind ik het moeilijk om nee te zeggen.
Ik oefen om uit te leggen wat wél kan.
""",
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
        transcript=GESPREK_TRANSCRIPT,
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
        text="""\
Het rollenspel met de boze klant blijft me bij. Ik wilde meteen uitleggen, maar Anouk liet
me eerst benoemen wat ik zag. Dat werkte.

Sinds de training laat ik de klant eerst uitpraten. Mijn klanten zijn rustiger, en ik ook.

Bedroefde klanten vind ik nog lastig. Ik weet niet altijd wat ik moet zeggen. Ik oefen met
een collega de zinnen uit de les.

De komende drie maanden oefen ik met samenvatten. Mijn teamleider luistert een keer mee.
""",
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
        text="""\
**Mijn talenten**

Ik ben geduldig. Als een klant iets niet begrijpt, leg ik het nog een keer uit, op een
andere manier. Ook ben ik goed in het snel vinden van informatie in onze systemen.

**De keerzijde**

Door mijn geduld loopt een gesprek soms uit. Dan wachten de andere klanten lang.

**Mijn drijfveer**

Ik vind samenwerken belangrijk. Als een collega het druk heeft, spring ik bij.
""",
    ),
)


# The demo logins, as printed at the end of `seed_demo`.
LOGINS = (
    ("cursist", "cursist (Noord, halverwege module 1)"),
    ("henriette", "cursist (Midden, alles afgerond, examen gehaald)"),
    ("trainer", "trainer (Noord en Midden)"),
    ("ruud", "trainer (Zuid)"),
    ("beheerder", "beheerder (alles, ook /admin/)"),
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
