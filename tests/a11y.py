"""Static accessibility checks of rendered HTML (WCAG 2.1 AA, the parts a parser can see)."""

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.title = ""
        self._in_title = False
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.labels_for: set[str] = set()
        self.controls: list[dict] = []
        self.images: list[dict] = []
        self.links: list[dict] = []
        self._label_depth = 0
        self._link: dict | None = None
        self.buttons: list[dict] = []
        self._button: dict | None = None
        self.has_main = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "main":
            self.has_main = True
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.labels_for.add(a["for"])
        elif tag in {"input", "select", "textarea"}:
            if a.get("type") not in {"hidden", "submit", "button"}:
                self.controls.append({**a, "_tag": tag, "_wrapped": self._label_depth > 0})
        elif tag == "img":
            self.images.append(a)
        elif tag == "a" and "href" in a:
            self._link = {**a, "_text": ""}
            self.links.append(self._link)
        elif tag == "button":
            self._button = {**a, "_text": ""}
            self.buttons.append(self._button)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "label":
            self._label_depth = max(0, self._label_depth - 1)
        elif tag == "a":
            self._link = None
        elif tag == "button":
            self._button = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._link is not None:
            self._link["_text"] += data
        if self._button is not None:
            self._button["_text"] += data


def problems(html: str) -> list[str]:
    page = _Collector()
    page.feed(html)
    found = []
    if not page.html_lang:
        found.append("<html> has no lang")
    if not page.title.strip():
        found.append("no <title>")
    if not page.has_main:
        found.append("no <main> landmark")
    if page.headings.count(1) != 1:
        found.append(f"expected one h1, found {page.headings.count(1)}")
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        if current > previous + 1:
            found.append(f"heading level skips from h{previous} to h{current}")
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    if duplicates:
        found.append(f"duplicate ids: {sorted(duplicates)}")
    for control in page.controls:
        labelled = (
            control["_wrapped"]
            or control.get("id") in page.labels_for
            or control.get("aria-label")
            or control.get("aria-labelledby")
        )
        if not labelled:
            found.append(f"{control['_tag']} name={control.get('name')!r} has no label")
    for image in page.images:
        if "alt" not in image:
            found.append(f"img {image.get('src')!r} has no alt")
    for link in page.links:
        if not (link["_text"].strip() or link.get("aria-label")):
            found.append(f"link {link.get('href')!r} has no text")
    for button in page.buttons:
        if not (button["_text"].strip() or button.get("aria-label")):
            found.append("button without text")
    return found


def relative_luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
