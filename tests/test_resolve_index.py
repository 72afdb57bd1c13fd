"""Resolution's indexes (kg/resolve.py) decide exactly what a scan of every cluster or letter
would: people by first and last word, surnames by office, letters by one known side."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extractors.common import slug
from kg.resolve import Letters, PersonIndex, _letter_id, _person_words

WORDS = st.sampled_from(["Anna", "anna", "Novak", "NOVAK", "O'Brien", "OBrien", "Maria", "Lee", "Ng", "Jo-Ann"])
NAMES = st.lists(st.lists(WORDS, min_size=1, max_size=3).map(" ".join), max_size=25)
ROLES = st.frozensets(st.sampled_from(["president", "minister", "envoy"]), max_size=2)


class ScanningIndex:
    """The reference: every lookup scans every cluster."""

    def __init__(self):
        self.clusters = {}

    def add_full(self, name):
        words = _person_words(name)
        for pid, names in self.clusters.items():
            other = _person_words(names[0])
            if len(other) > 1 and other[0] == words[0] and other[-1] == words[-1]:
                names.append(name)
                return pid
        pid = "person/" + slug(f"{name.split()[0]} {name.split()[-1]}")
        self.clusters[pid] = [name]
        return pid

    def add_single(self, word, roles, roles_of):
        low = word.lower()
        fits = [pid for pid, names in self.clusters.items()
                if len(_person_words(names[0])) > 1 and low in _person_words(names[0])
                and roles & roles_of.get(pid, set())]
        if len(fits) == 1:
            return fits[0]
        pid = "person/" + slug(word)
        self.clusters.setdefault(pid, [word])
        return pid


@settings(max_examples=300, deadline=None)
@given(names=NAMES, roles=st.lists(ROLES, min_size=25, max_size=25))
def test_person_index_matches_a_full_scan(names, roles):
    fast, slow = PersonIndex(), ScanningIndex()
    fast_roles, slow_roles = defaultdict(set), defaultdict(set)
    full = [(n, r) for n, r in zip(names, roles) if len(n.split()) > 1]
    single = [(n, r) for n, r in zip(names, roles) if len(n.split()) == 1]
    for name, role in full:
        a, b = fast.add_full(name), slow.add_full(name)
        assert a == b
        fast_roles[a] |= role
        slow_roles[b] |= role
    for name, role in single:
        assert fast.add_single(name, role, fast_roles) == slow.add_single(name, role, slow_roles)
    assert fast.clusters == slow.clusters


PARTIES = st.sampled_from([None, "person/a", "person/b", "office/c"])


@given(lookups=st.lists(st.tuples(PARTIES, PARTIES, st.booleans()), max_size=30))
def test_letters_match_a_full_scan(lookups):
    letters, known = Letters(), {}
    for sender, recipient, reply in lookups:
        if sender and recipient:
            expected = known.setdefault((sender, recipient, reply), _letter_id(sender, recipient, reply))
        else:
            fits = sorted(v for (s, r, rep), v in known.items()
                          if rep == reply and sender in (s, None) and recipient in (r, None))
            expected = fits[0] if len(fits) == 1 else _letter_id(sender, recipient, reply)
        assert letters.find(sender, recipient, reply) == expected
