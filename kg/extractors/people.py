"""People and offices: Doc -> Cast (who the article names, and where) plus Mention/Fact records.

Names come from spaCy's PERSON entities, cleaned of titles the tagger swallowed ("Lady Melania
Trump"); a bare first name or surname joins the full name it belongs to, and when two people share
it ("Trump"), the title before it, the gender of nearby pronouns and recency decide. Offices come
from the title phrase before a name ("Russian President Vladimir Putin") or an appositive after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.coref import DESCRIPTION, Cast, Person, find_quotes, resolve_pronoun, title_referent
from kg.extractors.common import PERSON_PRONOUNS, slug, span_provenance
from kg.extractors.offices import (ROLE_HEADS, ROLE_MODIFIERS, Office, gender_of_words,
                                   normalize_office, split_titles, title_before)
from kg.model import Article, Fact, Mention, Ref
from kg.places import country_of

NAME = "people"
OFFICE = "offices"
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "lady", "lord", "first", "sheikh",
              "emir", "sultan", "rabbi", "imam", "archbishop", "bishop", "patriarch", "metropolitan",
              "president", "prime", "minister", "sen", "senator", "rep", "gov", "governor", "gen",
              "general", "king", "queen", "prince", "princess", "pope", "cardinal", "ayatollah",
              "chancellor", "secretary", "ombudsman", "commissioner", "judge", "justice",
              "leader", "chief", "mayor", "the", "former", "us", "u.s.", "president-elect"}


NAME_PARTICLES = {"bin", "bint", "ibn", "al", "el", "de", "da", "van", "von", "der", "del", "la", "le"}


def _clean_name(span) -> tuple[int, int] | None:
    """Token range of the name inside a PERSON entity, without titles and possessive endings;
    a name the tagger cut short ("Mohammed bin Abdulrahman | Al Thani") is carried on."""
    start, end = span.start, span.end
    doc = span.doc
    while end < len(doc) and end - start < 6 and not doc[end].ent_type_ and doc[end].pos_ == "PROPN" \
            and (doc[end].text[:1].isupper() or doc[end].lower_ in NAME_PARTICLES) \
            and doc[end - 1].whitespace_ and doc[end].text.isalpha():
        end += 1
    while start < end and (doc[start].lower_.rstrip(".") in HONORIFICS or country_of(doc[start].text)
                           or not doc[start].text[:1].isalpha()):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’") or not doc[end - 1].text[:1].isalnum()):
        end -= 1
    if start >= end or end - start > 5:
        return None
    tokens = doc[start:end]
    if any(not (t.text[:1].isupper() or t.text == "-" or t.lower_ in NAME_PARTICLES) for t in tokens):
        return None
    if any(ch.isdigit() for ch in tokens.text):
        return None
    return start, end


def _name_spans(doc, article: Article) -> list[tuple[int, int]]:
    spans = []
    bylines = {x.lower() for x in (article.outlet, article.author) if x}
    for ent in doc.ents:
        if ent.text.lower() in bylines:
            continue
        if ent.label_ == "PERSON" and not (ent.end < len(doc) and doc[ent.end].text == ":"):
            cleaned = _clean_name(ent)
            if cleaned:
                spans.append(cleaned)
    covered = {i for s, e in spans for i in range(s, e)}
    spans.extend(span for span in _titled_names(doc) if span[0] not in covered)
    return spans


def _propn_runs(tokens: list):
    """Maximal runs of capitalised proper nouns, hyphens allowed inside ("Lvova - Belova")."""
    propn = [t.pos_ == "PROPN" for t in tokens]
    capital = [p and t.text[:1].isupper() for p, t in zip(propn, tokens)]
    i = 0
    while i < len(tokens):
        if capital[i]:
            j = i + 1
            while j < len(tokens) and (capital[j] or (tokens[j].text == "-" and j + 1 < len(tokens) and propn[j + 1])):
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def _titled_names(doc):
    """Names the tagger missed but a title announces: "Ombudsman Dmytro Lubinets"."""
    tokens = list(doc)
    for start, end in _propn_runs(tokens):
        while start < end and (is_title_word_strict(tokens[start]) or country_of(tokens[start].text)):
            start += 1
        words = [t for t in tokens[start:end] if t.text != "-"]
        if len(words) < 2 or any(t.ent_type_ in ("GPE", "NORP", "DATE") for t in words):
            continue
        if end < len(tokens) and tokens[end].text == ":":
            continue
        if start > 0 and tokens[start - 1].lower_ in ("the", "of", "for", "a", "an", "at", "in"):
            continue
        if title_before(doc, start, stop_at=set()):
            yield start, end


def is_title_word_strict(token) -> bool:
    low = token.lower_.replace("’", "'").replace("ʼ", "'")
    return low in ROLE_HEADS or low in ROLE_MODIFIERS or low in ("'s", "-")


def _same_person(a: list[str], b: list[str]) -> bool:
    """Two multi-word names of one person: same last word, and first words agree or one extends the other."""
    if a[-1] != b[-1]:
        return False
    return a[0] == b[0] or " ".join(a).endswith(" ".join(b)) or " ".join(b).endswith(" ".join(a))


def _add_full_names(doc, spans, cast: Cast) -> list[tuple[int, int, str]]:
    placed = []
    for start, end in sorted(spans, key=lambda se: -(se[1] - se[0])):
        name = " ".join(t.text for t in doc[start:end]).replace(" - ", "-")
        if len(name.split()) < 2:
            continue
        low = name.lower().split()
        match = next((p for p in cast.people.values() if _same_person(p.name.lower().split(), low)), None)
        if match is None:
            match = Person(key=f"Person:{slug(name)}", name=name)
            cast.people[match.key] = match
        match.names.add(doc[start:end].text)
        placed.append((start, end, match.key))
    return placed


def _single_tokens(doc, spans, taken: set[int], cast: Cast) -> list[tuple[int, int]]:
    """One-word name mentions: PERSON entities, and other tokens equal to a known person's name part."""
    parts = {w.lower() for p in cast.people.values() for w in p.name.split()}
    singles = [(s, e) for s, e in spans if e - s == 1 and s not in taken]
    seen = {s for s, _ in singles}
    for token in doc:
        if token.i in taken or token.i in seen or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        if token.lower_ in parts and not (token.dep_ == "compound" and token.head.pos_ == "NOUN"):
            singles.append((token.i, token.i + 1))
    return sorted(singles)


def _acts(token) -> bool:
    """A one-word name that does or undergoes something ("Putin spoke", "handed Putin the letter"),
    not an item of a list of places the tagger took for names."""
    if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "dative", "poss", "pobj"):
        return False
    if token.dep_ == "pobj" and token.head.lower_ in ("from", "in", "to", "into", "near", "at", "across", "outside"):
        return False  # "from Kherson", "in Minsk": a place the tagger took for a name
    return not any(c.ent_type_ in ("GPE", "LOC") for c in [*token.conjuncts, token.head])


def _candidates(cast: Cast, word: str) -> list[str]:
    low = word.lower()
    return [p.key for p in cast.people.values() if " " in p.name and low in p.name.lower().split()]


def _choose(doc, start: int, candidates: list[str], cast: Cast) -> str:
    """Pick among people who share a name word: title before it, pronoun gender, then recency."""
    span = title_before(doc, start, stop_at=cast.at)
    if span:
        office = normalize_office([t.text for t in doc[span[0]:span[1]]])
        if office:
            fits = [k for k in candidates if any(o.role == office.role for o in cast.people[k].offices)]
            if len(fits) == 1:
                return fits[0]
    sent = doc[start].sent
    for token in doc[start + 1:sent.end]:
        gender = PERSON_PRONOUNS.get(token.lower_)
        if gender:
            fits = [k for k in candidates if cast.people[k].gender == gender]
            if len(fits) == 1:
                return fits[0]
            break
    recent = cast.recent(start, exclude=set(cast.people) - set(candidates), window=80)
    if recent:
        return recent
    return max(candidates, key=lambda k: (sum(1 for m in cast.mentions if m[2] == k), k))


def _note_gender(doc, cast: Cast) -> None:
    """Votes from sentences naming one person: pronouns after the name, to the next name."""
    by_sent: dict[int, set[str]] = {}
    for start, _end, key, _kind in cast.mentions:
        by_sent.setdefault(doc[start].sent.start, set()).add(key)
    for start, end, key, _kind in cast.mentions:
        if len(by_sent[doc[start].sent.start]) != 1:
            continue
        if doc[start:end].root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        sent = doc[start].sent
        limit = min(len(doc), sent.end + 1)
        for token in doc[end:limit]:
            if token.i in cast.at and cast.at[token.i] != key:
                break
            gender = PERSON_PRONOUNS.get(token.lower_)
            if gender and token.i >= sent.end and token.dep_ != "nsubj":
                break
            if gender:
                person = cast.people[key]
                if gender == "F":
                    person.female += 1
                else:
                    person.male += 1
                break


def _offices_for(doc, start: int, end: int, cast: Cast) -> list[tuple[Office, tuple[int, int]]]:
    found = []
    span = title_before(doc, start, stop_at=cast.at)
    if span:
        words = [t.text for t in doc[span[0]:span[1]]]
        for part in split_titles(words):
            office = normalize_office(part)
            if office:
                found.append((office, span))
    root = doc[start:end].root
    head = root.head
    if root.dep_ == "appos" and head.lemma_.lower() in ROLE_HEADS and head.i < start:
        # "The Russian children's rights commissioner, Maria Lvova-Belova, said ..."
        left = head.left_edge.i
        for c in head.children:
            owner_named = c.pos_ == "PRON" or any(t.i in cast.at for t in c.subtree)
            if c.dep_ == "poss" and c.i < head.i and owner_named:
                left = max(left, c.right_edge.i + 1)  # "Zelensky's chief of staff": the owner is not the title
        words = [t.text for t in doc[left:head.right_edge.i + 1] if t.i < start and t.i not in cast.at]
        office = normalize_office([w for w in words if w != ","])
        if office:
            found.append((office, (left, head.i + 1)))
    for child in root.children:
        if child.dep_ == "appos" and child.lemma_.lower() in ROLE_HEADS | {"lady"}:
            left = child.left_edge.i
            right = child.right_edge.i + 1
            office = normalize_office([t.text for t in doc[left:right]])
            if office:
                found.append((office, (left, right)))
    return found


@dataclass
class TitlePhrases:
    """Where a title may name a person without the name, read once per article: possessive
    titles ("the first lady's") as (start, end, words), and noun chunks opening with "the"/"a"."""

    possessives: list[tuple[int, int, list[str]]]
    chunks: list


def _title_phrases(doc) -> TitlePhrases:
    possessives = []
    for token in doc:
        if token.dep_ != "poss" or token.lemma_.lower() not in ROLE_HEADS:
            continue
        start = token.left_edge.i
        if doc[start].lower_ == "the":
            possessives.append((start, token.i + 1, [t.text for t in doc[start + 1:token.i + 1]]))
    chunks = [chunk for chunk in doc.noun_chunks if chunk[0].lower_ in ("the", "a")]
    return TitlePhrases(possessives, chunks)


def _possessive_titles(phrases: TitlePhrases, cast: Cast) -> None:
    """'the first lady's office', 'the president's meeting': a title inside a possessive."""
    for start, end, words in phrases.possessives:
        if end - 1 in cast.at:
            continue
        key = title_referent(cast, words, start)
        if key:
            _mark(cast, start, end, key, "title")


def _title_mentions(doc, phrases: TitlePhrases, cast: Cast) -> None:
    """'the first lady', 'the Russian leader', 'the 55-year-old' -> the person meant."""
    _possessive_titles(phrases, cast)
    mentioned = {m[0] for m in cast.mentions}
    for chunk in phrases.chunks:
        if any(i in cast.at for i in range(chunk.start, chunk.end)) or chunk.start in mentioned:
            continue
        words = [t.text for t in chunk if t.dep_ not in ("det", "poss") and t.pos_ != "PRON"]
        if not words:
            continue
        key = None
        if chunk.root.lemma_.lower() in ROLE_HEADS:
            nxt = doc[chunk.end] if chunk.end < len(doc) else None
            if nxt is not None and nxt.ent_type_ == "PERSON":
                continue
            key = title_referent(cast, words, chunk.start)
        elif DESCRIPTION.match(chunk.text) and chunk.root.dep_ in ("nsubj", "nsubjpass"):
            key = cast.recent(chunk.start, window=150)
        if key:
            _mark(cast, chunk.start, chunk.end, key, "title")
            mentioned.add(chunk.start)


def _settle_offices(cast: Cast) -> None:
    """A person's bare "President" is the same office as their "Russian President"."""
    for person in cast.people.values():
        known = {o.role: o.jurisdiction for o in person.offices if o.jurisdiction}
        settled = []
        for office in person.offices:
            if office.jurisdiction is None and office.role in known:
                office = Office(office.role, known[office.role])
            if office not in settled:
                settled.append(office)
        person.offices = settled


def _mark(cast: Cast, start: int, end: int, key: str, kind: str) -> None:
    cast.mentions.append((start, end, key, kind))
    for i in range(start, end):
        cast.at[i] = key


def find_people(doc, article: Article) -> tuple[Cast, list]:
    """The article's Cast and its person, office and place records."""
    cast = Cast()
    records: list = []
    phrases = _title_phrases(doc)
    spans = _name_spans(doc, article)
    for start, end, key in _add_full_names(doc, spans, cast):
        _mark(cast, start, end, key, "name")
    for start, end, key, _ in list(cast.mentions):
        for office, _span in _offices_for(doc, start, end, cast):
            cast.people[key].offices.append(office)
    for start, end, key, _ in list(cast.mentions):
        span = title_before(doc, start, stop_at=cast.at)
        if span:
            gender = gender_of_words(t.text for t in doc[span[0]:span[1]])
            if gender == "F":
                cast.people[key].female += 2
            elif gender == "M":
                cast.people[key].male += 2
    _settle_offices(cast)
    _title_mentions(doc, phrases, cast)
    _note_gender(doc, cast)
    taken = set(cast.at)
    for start, end in _single_tokens(doc, spans, taken, cast):
        word = doc[start].text
        candidates = _candidates(cast, word)
        office_here = _offices_for(doc, start, end, cast)
        if candidates and office_here and all(
                o.role not in {x.role for x in cast.people[k].offices} and cast.people[k].offices
                for o, _ in office_here for k in candidates):
            candidates = []
        if not candidates:
            repeats = sum(1 for s2, _ in spans if doc[s2].text == word)
            if doc[start].ent_type_ != "PERSON" or not (office_here or repeats >= 2 or _acts(doc[start])):
                continue
            key = f"Person:{slug(word)}"
            cast.people.setdefault(key, Person(key=key, name=word))
        elif len(candidates) == 1:
            key = candidates[0]
        else:
            key = _choose(doc, start, candidates, cast)
        cast.people[key].names.add(word)
        _mark(cast, start, end, key, "name")
        for office, _span in _offices_for(doc, start, end, cast):
            if office not in cast.people[key].offices:
                cast.people[key].offices.append(office)
    cast.mentions.sort()
    _settle_offices(cast)
    _title_mentions(doc, phrases, cast)
    cast.mentions.sort()
    for token in doc:
        if token.lower_ in PERSON_PRONOUNS and token.i not in cast.at:
            key = resolve_pronoun(cast, token)
            if key:
                cast.at[token.i] = key
    find_quotes(doc, cast)
    records.extend(_records(doc, article, cast))
    return cast, records


def _records(doc, article: Article, cast: Cast):
    for start, end, key, kind in cast.mentions:
        if kind != "name":
            continue
        span = doc[start:end]
        yield Mention(key, "Person", span.text, span_provenance(article, span, NAME))
        settled = {o.role: o for o in cast.people[key].offices}
        for office, (o_start, o_end) in _offices_for(doc, start, end, cast):
            office = settled.get(office.role, office) if office.jurisdiction is None else office
            yield from office_records(doc, article, key, office, o_start, o_end, start, end)


def office_records(doc, article: Article, person_key: str, office: Office, o_start: int,
                   o_end: int, start: int, end: int):
    """Office mention, its role and jurisdiction, and the holds/heldBy facts for one title."""
    title = doc[o_start:o_end]
    whole = doc[min(o_start, start):max(o_end, end)]
    # A title without a jurisdiction ("President") is keyed by its holder, so that two people's
    # bare titles in one article stay apart until resolution finds each one's country.
    key = office.key if office.jurisdiction else f"{office.key}|{person_key}"
    yield Mention(key, "Office", office.label, span_provenance(article, title, OFFICE))
    yield Fact(key, "role", office.role, span_provenance(article, title, OFFICE))
    if office.jurisdiction:
        place_key = f"Place:{slug(office.jurisdiction)}"
        yield Mention(place_key, "Place", office.jurisdiction, span_provenance(article, title, OFFICE))
        yield Fact(key, "jurisdiction", Ref(place_key), span_provenance(article, title, OFFICE))
    prov = span_provenance(article, whole, OFFICE)
    yield Fact(person_key, "holdsOffice", Ref(key), prov)
    yield Fact(key, "heldBy", Ref(person_key), prov)
