"""The streaming XML writer of the GraphML and GEXF exporters writes exactly the bytes
ElementTree writes for the same elements after ET.indent(space="  ")."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.exporters.graphml import xml_document, xml_element, xml_safe

TAGS = st.sampled_from(["node", "data", "viz:color", "attvalue", "edge"])
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12).map(xml_safe)
ATTRS = st.dictionaries(st.sampled_from(["id", "for", "value", "xsi:type", "label"]), TEXT, max_size=3)
LEAF = st.tuples(TAGS, ATTRS, st.just(()), st.one_of(st.none(), TEXT))
TREE = st.recursive(LEAF, lambda kids: st.tuples(TAGS, ATTRS, st.lists(kids, min_size=1, max_size=4), st.none()),
                    max_leaves=20)


def with_elementtree(root: tuple) -> bytes:
    def build(parent, item):
        tag, attrs, children, text = item
        element = ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)
        element.text = text
        for child in children:
            build(element, child)
        return element

    element = build(None, root)
    ET.indent(element, space="  ")
    return ET.tostring(element, encoding="utf-8", xml_declaration=True) + b"\n"


@settings(max_examples=300, deadline=None)
@given(root=TREE)
def test_same_bytes_as_elementtree(root):
    out: list[str] = []
    xml_element(out, 0, *root)
    assert xml_document(out) == with_elementtree(root)
