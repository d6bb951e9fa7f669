"""The languages a site publishes in (site.yaml `languages:`), and what counts as a language code.

A language code is a BCP 47 tag whose first part is an ISO 639-1 language (`cy`, `en-GB`, `ga`, `gd-GB`): the
`lang` and `hreflang` attributes take it, Pagefind indexes each language apart by it, and a file name carries it
(`index.cy.md`). A tag of another shape is refused rather than guessed at: `xx` or `welsh` in a file name is far
more often a typo than a language.
"""

from __future__ import annotations

import re

# ISO 639-1: every two-letter language code.
_CODES = (
    "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el "
    "en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it "
    "iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt "
    "my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
    "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo "
    "za zh zu"
)
ISO_639_1 = frozenset(_CODES.split(" "))
TAG_RE = re.compile(r"^([a-z]{2})(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?\Z")

# The English names the messages and the language switch use (a site adds its own in the translation file).
NAMES = {"cy": "Cymraeg", "en": "English", "ga": "Gaeilge", "gd": "Gàidhlig", "fr": "Français", "de": "Deutsch"}


def is_language_code(tag: str) -> bool:
    match = TAG_RE.match(tag)
    return bool(match) and match.group(1) in ISO_639_1


def primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def native_name(tag: str) -> str:
    """What the language switch says, in the language itself (`Cymraeg`), or the tag when it is not known."""
    return NAMES.get(primary(tag), tag)


def check_languages(f, language: str) -> tuple[str, ...]:
    """site.yaml `languages: [en-GB, cy]` through a content.fields.Fields: the first is the site's main
    language. -> the languages, or () when the site has one (`language:` alone). Errors: `bad-languages`."""
    raw = f.raw("languages")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw) or not raw:
        f.error("languages", "bad-languages", "'languages' must be a list of language codes, the main one first",
                "e.g. languages: [en-GB, cy]")
        return ()
    found: list[str] = []
    for tag in (str(v).strip() for v in raw):
        if not is_language_code(tag):
            f.error("languages", "bad-languages", f"'{tag}' in languages is not a language code",
                    "use a code like cy, en-GB or ga")
        elif primary(tag) in {primary(t) for t in found}:
            f.error("languages", "bad-languages", f"languages names {primary(tag)} twice",
                    "list each language once, the main one first")
        else:
            found.append(tag)
    if len(found) != len(raw):
        return ()
    if language and language != found[0]:
        f.error("language", "bad-languages", f"language '{language}' is not the first of languages ({found[0]})",
                "remove `language:`; the first of `languages:` is the site's main language")
    if len(found) < 2:
        f.error("languages", "bad-languages", "'languages' names one language: a site in one language needs "
                "only `language:`", "e.g. languages: [en-GB, cy], or remove it")
        return ()
    return tuple(found)
