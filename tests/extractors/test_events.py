"""Events: kind, agents, date, place; intentions and background are not events."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, kind, agent, date", [
    ("On Tuesday, the International Criminal Court issued an arrest warrant for General Ivan Sorokin.",
     "arrest warrant", "International Criminal Court", "2025-10-07"),
    ("Governor Amal Haddad paid a working visit to Jordan in April.",
     "visit", "Amal Haddad", "2025-04"),
    ("President Ana Costa announced on Friday that the border would reopen.",
     "announcement", "Ana Costa", "2025-10-10"),
    ("In a speech at the United Nations, Queen Maren Holt called for a ceasefire.",
     "speech", "Maren Holt", None),
    ("The army fired three rockets toward the coast on Sunday.",
     "launch", None, "2025-10-05"),
])
def test_event(read, text, kind, agent, date):
    events = [e for e in read(text).events() if kind in e["kinds"]]
    assert events, read(text).events()
    event = events[0]
    if agent:
        assert agent in event["agents"]
    if date:
        assert event["date"] == date


def test_speech_and_announcement_by_one_person_are_one_event(read):
    view = read("Minister Sara Lind announced the deal on Monday. In her speech, Lind thanked the mediators.")
    communication = [e for e in view.events() if e["kinds"] & {"announcement", "speech"}]
    assert len(communication) == 1
    assert communication[0]["kinds"] == {"announcement", "speech"}


@pytest.mark.parametrize("text", [
    # intentions, promises and hypotheticals
    "President Omar Nasser agreed to release the prisoners.",
    "Minister Sara Lind has been working to reunite the families.",
    "Investigators will record every case.",
    # background without a date or an agent
    "The war in the region has displaced thousands.",
    "The report was published.",
    # denied, or negated
    "Moscow denies abducting children and says it evacuated them.",
    "The army did not fire any rockets on Sunday.",
])
def test_no_event(read, text):
    assert read(text).events() == []


def test_a_dated_war_is_an_event(read):
    events = read("Since the start of the war in March 2014, the city has changed hands twice.").events()
    assert any("war" in e["kinds"] and e["date"] == "2014-03" for e in events)
