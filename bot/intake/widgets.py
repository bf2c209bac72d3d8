"""A form page copied from a browser with select-all: each field a label line ("* 所在园区", the star marking it
required) and its value on the next line, among the text of the page's controls: a text box's character counter
under its value ("12/50"), the placeholder of a control left untouched ("请选择 ▼"), and the arrow or calendar glyph
of a dropdown or date picker after a chosen value ("2027-02 📅"). Read as they are, a placeholder is taken for the
field's value ("请选择" as the park) and a counter for a figure or a date. They are dropped, so each label line is
followed by its value or, for an untouched control, by the next label. Placeholders and glyphs are data:
words/page_widgets.yaml."""

from __future__ import annotations

import re

from bot.intake.lexicon import one_of
from bot.intake.wordfiles import read_words

_WIDGETS = read_words("page_widgets")
_GLYPHS = "".join(re.escape(e["word"]) for e in _WIDGETS["glyphs"])
_PLACEHOLDER = one_of(e["word"] for e in _WIDGETS["placeholders"])
# A glyph after a value, at the end of its line.
_GLYPH = re.compile(rf"[ \t]*(?:[{_GLYPHS}]\ufe0f?[ \t]*)+$", re.M)
# A line that is all a placeholder, maybe in dashes ("--请选择--") and with its glyph.
_PLACEHOLDER_LINE = re.compile(rf"^[ \t]*[-—]*[ \t]*(?:{_PLACEHOLDER})[ \t]*[-—]*[ \t]*(?:[{_GLYPHS}]\ufe0f?)?[ \t]*\n?", re.M)
# A line that is all a counter, typed characters over the limit ("12/50", "0 / 500").
_COUNTER_LINE = re.compile(r"^[ \t]*(\d{1,4})[ \t]*/[ \t]*(\d{2,4})[ \t]*\n?", re.M)
# Fewer controls than this are no form page ("3/20" alone may be a date, "请选择" a word in prose).
_MIN_WIDGETS = 2


def page_without_widgets(text: str) -> str:
    """The page's text without its counters, placeholders and control glyphs; other text unchanged."""
    counters = [m for m in _COUNTER_LINE.finditer(text) if int(m[1]) <= int(m[2])]
    placeholders = _PLACEHOLDER_LINE.findall(text)
    glyphs = _GLYPH.findall(text)
    if len(counters) + len(placeholders) + len(glyphs) < _MIN_WIDGETS:
        return text
    if len(counters) >= _MIN_WIDGETS:
        kept = {m.span() for m in counters}
        text = _COUNTER_LINE.sub(lambda m: "" if m.span() in kept else m[0], text)
    return _GLYPH.sub("", _PLACEHOLDER_LINE.sub("", text))
