"""Graph: resolved entities and statements -> RDF text and a networkx MultiDiGraph.

RDF is rendered as text, one article at a time, never as an rdflib graph: a named graph per
article holding the facts that article supports, each fact reified by a W3C Web Annotation
whose target (the quoted span) is shared by every fact quoting the same characters; and the
default graph of what resolution concluded (types, preferred labels, aliases, article metadata).
Each piece comes as Turtle (the body of a TriG graph, and a part of kg.ttl) and as JSON-LD
node objects; kg/exporters/rdf.py writes the files around them. IRIs are written relative to
`BASE` (the files declare it with @base), vocabulary terms as prefixed names.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from json.encoder import encode_basestring

from kg.model import Article, Date, Ref
from kg.temporal import xsd_type

BASE = "https://example.org/kg/id/"
KG = "https://example.org/kg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ARTICLE_PATH = "article/"
EVIDENCE_PATH = "evidence/"
MENTIONED_IN = "kg:mentionedIn"

# Characters left as they are in an IRI path segment; the rest are percent-encoded.
_UNSAFE = re.compile(r"[^A-Za-z0-9._~!$&'()*+,;=@/-]")
_UNSAFE_SLASH = re.compile(r"[^A-Za-z0-9._~!$&'()*+,;=@-]")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def _segment(text: str, unsafe=_UNSAFE) -> str:
    """`text` safe in an IRI path, and in a relative IRI in JSON-LD (no ':', no dot segment)."""
    encoded = unsafe.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), text)
    return encoded.replace(".", "%2E") if encoded in (".", "..") else encoded


def entity_iri(eid: str) -> str:
    """The entity's IRI: `BASE` + its id (class/slug)."""
    return BASE + _segment(eid)


def article_iri(article_id: str) -> str:
    """The article's IRI, which is also the name of its graph."""
    return BASE + ARTICLE_PATH + _segment(article_id, _UNSAFE_SLASH)


def _rel(iri: str) -> str:
    return "<" + iri[len(BASE):] + ">" if iri.startswith(BASE) else "<" + iri + ">"


def _json_string(text: str) -> str:
    return encode_basestring(text)


def turtle_string(text: str) -> str:
    """A Turtle/N-Triples string literal."""
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), text)
    return '"' + text + '"'


def _typed(value) -> tuple[str, str] | None:
    """(lexical form, XSD datatype name) of a Date, bool or int fact value; None for text."""
    if isinstance(value, Date):
        return value.iso, xsd_type(value.iso)
    if isinstance(value, bool):
        return str(value).lower(), "boolean"
    if isinstance(value, int):
        return str(value), "integer"
    return None


def turtle_literal(value) -> str:
    """A literal fact value (str, int, bool, Date) as Turtle."""
    typed = _typed(value)
    return f'"{typed[0]}"^^xsd:{typed[1]}' if typed else turtle_string(str(value))


def jsonld_literal(value):
    typed = _typed(value)
    return {"@value": typed[0], "@type": "xsd:" + typed[1]} if typed else str(value)


def _n3(value) -> str:
    """rdflib's N3 form of a fact value; the evidence digest is taken over it, as it always was."""
    if isinstance(value, Ref):
        return f"<{entity_iri(value.key)}>"
    typed = _typed(value)
    if typed:
        return f'"{typed[0]}"^^<{XSD}{typed[1]}>'
    text = str(value)
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + '\\"'
        return '"""%s"""' % encoded.replace("\r", "\\r")
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")


@dataclass
class ArticleGraph:
    """One article's named graph: Turtle statements (no prefixes, no braces) and the JSON-LD
    graph object; `triples` counts the triples in it."""

    turtle: str
    jsonld: str
    triples: int


def render_article(article_id: str, statements, classes: dict[str, str]) -> ArticleGraph:
    """The named graph of one article from its deduplicated statements (sorted by subject):
    per subject its type, kg:mentionedIn and facts, then one annotation per triple, then the
    quoted spans they point at. `classes` maps entity ids to class names.

    kg:mentionedIn has no annotation of its own: it says the article names the subject, and
    the annotation of the subject's type in the same graph already points at where."""
    article = ARTICLE_PATH + _segment(article_id, _UNSAFE_SLASH)
    evidence = EVIDENCE_PATH + _segment(article_id, _UNSAFE_SLASH) + "/"
    facts = _asserted(statements, classes, article)
    out, nodes, spans = [], [], {}
    for group in _by_subject(facts):
        _subject_block(out, nodes, group)
    annotated = [fact for fact in facts if fact[1] != MENTIONED_IN]
    for fact in annotated:
        _annotation(out, nodes, evidence, fact, spans)
    for (start, end), quote in sorted(spans.items()):
        _target(out, nodes, evidence, article, start, end, quote)
    jsonld = f'{{"@id":"{article}","@graph":[\n' + ",\n".join(nodes) + "]}"
    return ArticleGraph("".join(out), jsonld, len(facts) + len(annotated) * 6 + len(spans) * 9)


def facts_part(turtle: str) -> str:
    """The statements of an article graph's Turtle that are not evidence: render_article writes
    every fact before the first annotation, whose subject, like every evidence subject, is under
    EVIDENCE_PATH (a subject starts a line; literals never hold a raw line break)."""
    if turtle.startswith("<" + EVIDENCE_PATH):
        return ""
    end = turtle.find("\n<" + EVIDENCE_PATH)
    return turtle if end < 0 else turtle[:end + 1]


def is_evidence(iri: str) -> bool:
    """Whether an absolute IRI names evidence (an annotation, its target or a selector)."""
    return iri.startswith(BASE + EVIDENCE_PATH)


def _asserted(statements, classes, article: str):
    """(subject, predicate, object as Turtle, as JSON-LD, as rdflib N3, statement) for every
    triple the graph asserts, once each, in order; IRIs relative to BASE."""
    facts, seen, typed = [], set(), set()
    article_n3 = f"<{BASE}{article}>"
    for s in statements:
        subject = _segment(s.subject)
        if s.subject not in typed:
            typed.add(s.subject)
            cls = classes[s.subject]
            for triple in (("a", "kg:" + cls, f'"kg:{cls}"', f"<{KG}{cls}>"),
                           (MENTIONED_IN, f"<{article}>", f'{{"@id":"{article}"}}', article_n3)):
                if (subject, triple[0], triple[3]) not in seen:
                    seen.add((subject, triple[0], triple[3]))
                    facts.append((subject, *triple, s))
        value = s.value
        if isinstance(value, Ref):
            target = _segment(value.key)
            obj, obj_json, obj_n3 = f"<{target}>", f'{{"@id":"{target}"}}', f"<{BASE}{target}>"
        else:
            obj, obj_json, obj_n3 = turtle_literal(value), _json_literal(value), _n3(value)
        predicate = "kg:" + s.predicate
        if (subject, predicate, obj_n3) not in seen:
            seen.add((subject, predicate, obj_n3))
            facts.append((subject, predicate, obj, obj_json, obj_n3, s))
    return facts


def _by_subject(facts):
    group = []
    for fact in facts:
        if group and fact[0] != group[0][0]:
            yield group
            group = []
        group.append(fact)
    if group:
        yield group


def _subject_block(out, nodes, group) -> None:
    subject = group[0][0]
    out.append(f"<{subject}> " + " ;\n    ".join(f"{p} {o}" for _, p, o, _, _, _ in group) + " .\n")
    fields, values, current = [f'"@id":"{subject}"'], [], None
    for _, p, _, obj_json, _, _ in group:
        if p != current and values:
            fields.append(_json_field(current, values))
            values = []
        current = p
        values.append(obj_json)
    fields.append(_json_field(current, values))
    nodes.append("{" + ",".join(fields) + "}")


def _json_field(predicate: str, values: list[str]) -> str:
    key = "@type" if predicate == "a" else predicate
    return f'"{key}":' + (values[0] if len(values) == 1 else "[" + ",".join(values) + "]")


def _json_literal(value) -> str:
    return json.dumps(jsonld_literal(value), ensure_ascii=False, separators=(",", ":")) \
        if not isinstance(value, str) else _json_string(value)


def _annotation(out, nodes, evidence, fact, spans) -> None:
    subject, p_name, obj, obj_json, obj_n3, s = fact
    predicate = "rdf:type" if p_name == "a" else p_name
    predicate_n3 = f"<{RDF}type>" if p_name == "a" else f"<{KG}{p_name[3:]}>"
    digest = hashlib.sha1(f"<{BASE}{subject}> {predicate_n3} {obj_n3}".encode()).hexdigest()[:16]
    span = (s.prov.start, s.prov.end)
    spans.setdefault(span, s.prov.quote)
    ev, target = f"{evidence}{digest}", f"{evidence}{span[0]}-{span[1]}"
    extractor = s.prov.extractor
    out.append(f"<{ev}> a oa:Annotation ;\n    rdf:subject <{subject}> ;\n"
               f"    rdf:predicate {predicate} ;\n    rdf:object {obj} ;\n"
               f"    kg:extractor {turtle_string(extractor)} ;\n    oa:hasTarget <{target}> .\n")
    obj_json = f'{{"@id":{obj_json}}}' if p_name == "a" else obj_json
    nodes.append(f'{{"@id":"{ev}","@type":"oa:Annotation",'
                 f'"rdf:subject":{{"@id":"{subject}"}},"rdf:predicate":{{"@id":"{predicate}"}},'
                 f'"rdf:object":{obj_json},"kg:extractor":{_json_string(extractor)},'
                 f'"oa:hasTarget":{{"@id":"{target}"}}}}')


def _target(out, nodes, evidence, article, start, end, quote) -> None:
    t = f"{evidence}{start}-{end}"
    out.append(f"<{t}> a oa:SpecificResource ;\n    oa:hasSource <{article}> ;\n"
               f"    oa:hasSelector <{t}#position>, <{t}#quote> .\n"
               f'<{t}#position> a oa:TextPositionSelector ;\n    oa:start "{start}"^^xsd:nonNegativeInteger ;\n'
               f'    oa:end "{end}"^^xsd:nonNegativeInteger .\n'
               f"<{t}#quote> a oa:TextQuoteSelector ;\n    oa:exact {turtle_string(quote)} .\n")
    nodes.append(f'{{"@id":"{t}","@type":"oa:SpecificResource","oa:hasSource":{{"@id":"{article}"}},'
                 f'"oa:hasSelector":[{{"@id":"{t}#position"}},{{"@id":"{t}#quote"}}]}}')
    nodes.append(f'{{"@id":"{t}#position","@type":"oa:TextPositionSelector",'
                 f'"oa:start":{{"@value":"{start}","@type":"xsd:nonNegativeInteger"}},'
                 f'"oa:end":{{"@value":"{end}","@type":"xsd:nonNegativeInteger"}}}}')
    nodes.append(f'{{"@id":"{t}#quote","@type":"oa:TextQuoteSelector","oa:exact":{_json_string(quote)}}}')


def render_default(entities, articles: list[Article]) -> ArticleGraph:
    """The default graph: every entity's class, label and other names; every article's metadata."""
    out, nodes, count = [], [], 0
    for eid in sorted(entities):
        entity = entities[eid]
        iri = _rel(entity_iri(eid))
        aliases = sorted(entity.names - {entity.label})
        out.append(f"{iri} a kg:{entity.cls} ;\n    rdfs:label {turtle_string(entity.label)}")
        node = {"@id": iri[1:-1], "@type": "kg:" + entity.cls, "rdfs:label": entity.label}
        if aliases:
            out.append(" ;\n    skos:altLabel " + ", ".join(turtle_string(a) for a in aliases))
            node["skos:altLabel"] = aliases if len(aliases) > 1 else aliases[0]
        out.append(" .\n")
        nodes.append(node)
        count += 2 + len(aliases)
    for article in sorted(articles, key=lambda a: a.id):
        count += _article_metadata(out, nodes, article)
    return ArticleGraph("".join(out), ",\n".join(json.dumps(n, ensure_ascii=False, separators=(",", ":"))
                                                  for n in nodes), count)


def _article_metadata(out, nodes, article: Article) -> int:
    iri = _rel(article_iri(article.id))
    pairs = [("rdfs:label", article.title or article.id), ("kg:articleId", article.id)]
    if article.date:
        pairs.append(("kg:published", Date(article.date.isoformat(), "")))
    pairs += [(p, v) for p, v in (("kg:outlet", article.outlet), ("kg:author", article.author),
                                  ("kg:title", article.title)) if v]
    out.append(f"{iri} a kg:Article")
    node = {"@id": iri[1:-1], "@type": "kg:Article"}
    for p, v in pairs:
        out.append(f" ;\n    {p} {turtle_literal(v)}")
        node[p] = jsonld_literal(v)
    out.append(" .\n")
    nodes.append(node)
    return 1 + len(pairs)

