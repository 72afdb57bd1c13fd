"""Meetings and calls: kind, participants, place, date; repeated mentions merge."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, kind, participants, place, date", [
    ("Chancellor Ines Vogel met President Ana Costa in Madrid on Thursday.",
     "meeting", {"Ines Vogel", "Ana Costa"}, "Madrid", "2025-10-09"),
    ("Prime Minister Jonas Berg held talks with President Omar Nasser in Cairo last week.",
     "talks", {"Jonas Berg", "Omar Nasser"}, "Cairo", None),
    ("King Tomas Vasquez and President Rita Alves spoke in a phone call on Monday.",
     "call", {"Tomas Vasquez", "Rita Alves"}, None, "2025-10-06"),
    ("A summit between President Claude Morel and Premier Chen Bo opened in Hanoi.",
     "summit", {"Claude Morel", "Chen Bo"}, "Hanoi", None),
    ("Foreign Minister Anna Kowalski had discussions with Ambassador Li Wen in Warsaw.",
     "talks", {"Anna Kowalski", "Li Wen"}, "Warsaw", None),
    ("Secretary Anthony Reyes also spoke by phone with Prime Minister Hiroshi Tanaka on Tuesday.",
     "call", {"Anthony Reyes", "Hiroshi Tanaka"}, None, "2025-10-07"),
    ("In September, President Carla Benson and President Xu Ming held a virtual summit.",
     "summit", {"Carla Benson", "Xu Ming"}, None, "2025-09"),
    ("President Olena Hrynko thanked Pope Francis in a call on Thursday.",
     "call", {"Olena Hrynko", "Francis"}, None, "2025-10-09"),
    ("Prime Minister Sheikh Mohammed bin Abdulrahman Al Thani met Foreign Minister Andrii Sybiha in Doha on Sunday.",
     "meeting", {"Mohammed bin Abdulrahman Al Thani", "Andrii Sybiha"}, "Doha", "2025-10-05"),
    ("Belarusian leader Alexander Lukashenko hosted President Vladimir Putin in Minsk for two days of talks.",
     "talks", {"Alexander Lukashenko", "Vladimir Putin"}, "Minsk", None),
    ("Commissioner Dmytro Lubinets and his Russian counterpart Tatyana Moskalkova held talks in Minsk.",
     "talks", {"Dmytro Lubinets", "Tatyana Moskalkova"}, "Minsk", None),
    ("Cardinal Matteo Zuppi visited Moscow in June and met commissioner Maria Lvova-Belova.",
     "meeting", {"Matteo Zuppi", "Maria Lvova-Belova"}, None, "2025-06"),
])
def test_meeting(read, text, kind, participants, place, date):
    meetings = read(text).meetings()
    assert meetings, text
    meeting = meetings[0]
    assert meeting["kind"] == kind
    assert meeting["participants"] == participants
    assert meeting["place"] == place
    if date:
        assert meeting["date"] == date


def test_mentions_of_one_summit_merge(read):
    view = read("Talks between President Claude Morel and Premier Chen Bo began on Friday in Hanoi. "
                "The two leaders met for a summit that both called historic. "
                "The meeting with Chen is a chance for Morel to sell aircraft.")
    meetings = view.meetings()
    assert len(meetings) == 1
    assert meetings[0]["participants"] == {"Claude Morel", "Chen Bo"}
    assert meetings[0]["kind"] == "summit"


def test_parties_can_meet(read):
    view = read("Negotiators from both sides met in Istanbul. Russian officials held talks with "
                "Ukrainian officials there on Sunday.")
    assert any({"Russian officials", "Ukrainian officials"} <= m["participants"] for m in view.meetings())


@pytest.mark.parametrize("text", [
    "The minister called for calm after the vote.",
    "A Call for Peace Through Children",
    "President Ana Costa said the summit would be postponed.",
    "Minister Sara Lind's office said she had not met President Omar Nasser.",
    "President Omar Nasser and Minister Sara Lind are expected to meet in Geneva next month.",
])
def test_no_meeting_invented(read, text):
    assert read(text).meetings() == []
