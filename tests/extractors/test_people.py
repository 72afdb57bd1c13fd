"""People and offices, written with varied phrasing; names and titles not from any article."""

from __future__ import annotations

import pytest

CASES = [
    ("German Chancellor Helmut Brandt arrived in Paris on Monday.",
     {"Helmut Brandt": {"Chancellor of Germany"}}),
    ("The talks were led by Foreign Minister Anna Kowalski of Poland.",
     {"Anna Kowalski": {"Foreign Minister"}}),
    ("Sofia Marenko, the Commissioner for Children's Rights, said the figures were rising.",
     {"Sofia Marenko": {"Commissioner for Children's Rights"}}),
    ("French President Claude Morel and Brazilian President Rita Alves met in Lisbon.",
     {"Claude Morel": {"President of France"}, "Rita Alves": {"President of Brazil"}}),
    ("Ombudsman Petro Hrytsenko visited the shelter. Hrytsenko said the children were safe.",
     {"Petro Hrytsenko": {"Ombudsman"}}),
    ("Olga Demchenko spoke first. Later, Demchenko took questions.",
     {"Olga Demchenko": set()}),
    ("Secretary of State Anthony Reyes met reporters.", {"Anthony Reyes": {"Secretary of State"}}),
    ("The talks were mediated by the Vatican, whose envoy Cardinal Matteo Zuppi visited Moscow.",
     {"Matteo Zuppi": {"Envoy", "Cardinal"}}),
    ("Ukrainian President Volodymyr Zelensky's chief of staff Andriy Yermak said on Friday that talks went on.",
     {"Andriy Yermak": {"Chief of Staff"}, "Volodymyr Zelensky": {"President of Ukraine"}}),
    ("The Russian children's rights commissioner, Maria Lvova-Belova, said in a statement that the boy was safe.",
     {"Maria Lvova-Belova": {"Children's Rights Commissioner of Russia"}}),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_people_and_their_offices(read, text, expected):
    people = read(text).people()
    for name, offices in expected.items():
        assert name in people, people
        assert offices == people[name], people[name]


def test_surname_joins_full_name(read):
    view = read("Maria Santos, a senior adviser, met reporters. Santos said the plan would work.")
    assert list(view.people()) == ["Maria Santos"]


def test_two_people_sharing_a_surname_stay_apart(read):
    view = read("Queen Elena Vasquez and her husband, King Tomas Vasquez, arrived. "
                "Later, Vasquez said she was hopeful.")
    assert {"Elena Vasquez", "Tomas Vasquez"} <= set(view.people())


def test_the_same_office_from_two_phrasings(read):
    view = read("Italian Prime Minister Lucia Ferri spoke. The Prime Minister of Italy, Lucia Ferri, left at noon.")
    assert view.people()["Lucia Ferri"] == {"Prime Minister of Italy"}


@pytest.mark.parametrize("text", [
    "Photo Credit: Reuters staff",
    "The president said the talks would continue.",
    "Kharkiv, Kherson and Odesa were shelled overnight.",
])
def test_no_person_invented(read, text):
    assert read(text).people() == {}


def test_dateline_and_byline_are_not_people(read):
    view = read("By Lena Ortiz, Global Desk\nTitle of the story here today\n\n"
                "ANKARA (Global Desk) — Foreign Minister Kemal Aydin said on Thursday that talks went well.")
    assert set(view.people()) == {"Kemal Aydin"}
