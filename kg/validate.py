"""Validate: a built graph (exports/kg.ttl, the union of all graphs) and SHACL shapes
(ontology/shapes.ttl) in; violations out, one readable line each.

The ontology (ontology/kg.ttl) is mixed into the data graph while validating so that sh:class
follows rdfs:subClassOf: a kg:Meeting counts as a kg:Event.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from kg import ONTOLOGY_DIR

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SH = "http://www.w3.org/ns/shacl#"
PYSHACL_LOGGER = "pyshacl-validate"
LABEL_WIDTH = 80


class ValidationError(Exception):
    """The graph or the shapes cannot be read; the message is one line."""


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which shape and constraint, on which node, and what is wrong."""

    shape: str
    constraint: str
    focus: str
    label: str | None
    message: str

    def line(self) -> str:
        node = f"{self.label!r} <{self.focus}>" if self.label else f"<{self.focus}>"
        return f"{self.shape} ({self.constraint}): {node}: {self.message}"


def load_turtle(path: Path, what: str):
    """An rdflib Graph of a Turtle file; a missing or broken file raises ValidationError."""
    import rdflib

    if not path.is_file():
        raise ValidationError(f"{path}: no such file" + ("; run `kg build` first" if what == "graph" else ""))
    try:
        return rdflib.Graph().parse(path, format="turtle")
    except Exception as err:  # rdflib raises many parser-specific types
        detail = " ".join(str(err).split())[:200]
        raise ValidationError(f"{path}: cannot parse the {what} as Turtle: {detail}") from None


def validate_graph(data, shapes=None, ontology=None) -> list[Violation]:
    """Violations of `shapes` (a Graph; default ontology/shapes.ttl) by the rdflib Graph `data`,
    sorted by shape, node and message. An empty list means the graph conforms."""
    from pyshacl import validate
    from pyshacl.errors import ReportableRuntimeError

    shapes = shapes if shapes is not None else load_turtle(SHAPES_FILE, "shapes")
    ontology = ontology if ontology is not None else load_turtle(ONTOLOGY_FILE, "ontology")
    log = logging.getLogger(PYSHACL_LOGGER)
    was_disabled, log.disabled = log.disabled, True  # it prints errors to stderr itself
    try:
        conforms, results, _text = validate(data, shacl_graph=shapes, ont_graph=ontology,
                                            inference="none", advanced=False, allow_warnings=True)
    except ReportableRuntimeError as err:
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ValidationError(f"the shapes cannot be used: {detail}") from None
    finally:
        log.disabled = was_disabled
    if conforms:
        return []
    return sorted(_violations(results, shapes, data),
                  key=lambda v: (v.shape, v.focus, v.constraint, v.message))


def _violations(results, shapes, data):
    from rdflib import RDF, RDFS, Namespace

    sh = Namespace(SH)
    for result in results.subjects(RDF.type, sh.ValidationResult):
        focus = results.value(result, sh.focusNode)
        label = data.value(focus, RDFS.label)
        message = results.value(result, sh.resultMessage)
        component = str(results.value(result, sh.sourceConstraintComponent))
        yield Violation(
            shape=shape_name(shapes, results.value(result, sh.sourceShape)),
            constraint=component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
            focus=str(focus),
            label=_shorten(str(label)) if label is not None else None,
            message=" ".join(str(message).split()) if message else "does not conform",
        )


def shape_name(shapes, shape) -> str:
    """A shape's local name; an unnamed property shape is named after its node shape and path."""
    from rdflib import BNode, Namespace

    sh = Namespace(SH)
    if not isinstance(shape, BNode):
        return _local(shape)
    parent = shapes.value(None, sh.property, shape)
    name = shapes.value(shape, sh.name) or _local(shapes.value(shape, sh.path))
    return f"{_local(parent)}-{name}" if parent is not None else str(name)


def _local(term) -> str:
    text = str(term)
    return re.split(r"[#/:]", text)[-1]


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_WIDTH else text[:LABEL_WIDTH - 1] + "…"


def validate_exports(exports: Path, shapes_file: Path | None = None) -> tuple[int, list[Violation]]:
    """(number of triples checked, violations) for DIR/kg.ttl against the shapes file."""
    data = load_turtle(Path(exports) / "kg.ttl", "graph")
    shapes = load_turtle(Path(shapes_file), "shapes") if shapes_file else None
    return len(data), validate_graph(data, shapes)
