"""Letters: sender, recipient, deliverer, date, replies; negatives where no letter is sent."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, sender, recipient, deliverer, date", [
    ("Prime Minister Jonas Berg sent a letter to Chancellor Ines Vogel in March.",
     "Jonas Berg", "Ines Vogel", None, "2025-03"),
    ("In a letter dated June 3, Governor Amal Haddad urged Senator Rick Dunn to act.",
     "Amal Haddad", None, None, "2025-06-03"),
    ("Pope Leo wrote to President Ana Costa last month about the refugees.",
     "Leo", "Ana Costa", None, "2025-09"),
    ("Ambassador Li Wen handed the letter from Queen Maren Holt to President Ana Costa on Tuesday.",
     "Maren Holt", "Ana Costa", "Li Wen", "2025-10-07"),
    ("Marta Silva wrote a letter to Ivan Petrov. Her husband, Paulo Silva, delivered it to Petrov in Geneva.",
     "Marta Silva", "Ivan Petrov", None, None),
])
def test_letter_roles(read, text, sender, recipient, deliverer, date):
    letters = read(text).letters()
    assert letters, text
    letter = letters[0]
    assert letter["sender"] == sender
    if recipient:
        assert letter["recipient"] == recipient
    if deliverer:
        assert letter["deliverer"] == deliverer
    if date:
        assert letter["date"] == date


def test_a_reply_is_a_letter_of_its_own(read):
    view = read("Minister Sara Lind sent a letter to President Omar Nasser in May. "
                "Nasser responded in writing two weeks later.")
    letters = {(l["sender"], l["recipient"]) for l in view.letters()}
    assert ("Sara Lind", "Omar Nasser") in letters
    assert ("Omar Nasser", "Sara Lind") in letters
    reply = next(l for l in view.letters() if l["sender"] == "Omar Nasser")
    assert reply["inReplyTo"] is not None


def test_my_letter_in_a_quote_is_the_speakers(read):
    view = read('"Since President Omar Nasser received my letter, we have talked often," '
                "Minister Sara Lind said on Friday.")
    letter = view.letters()[0]
    assert (letter["sender"], letter["recipient"]) == ("Sara Lind", "Omar Nasser")


@pytest.mark.parametrize("text", [
    # a letter only mentioned or revealed is not sent by the one who reveals it
    "Senator Rick Dunn revealed the letter on social media.",
    "Analysts said the letter changed little.",
])
def test_no_sender_invented(read, text):
    for letter in read(text).letters():
        assert letter["sender"] != "Rick Dunn"
        assert letter["sender"] is None or letter["recipient"] is not None


def test_a_reply_right_after_a_letter(read):
    view = read("Wang handed Reyes a letter from President Xu Ming addressed to President Carla Benson. "
                "Benson replied on Thursday, thanking Xu for the invitation.", date="2023-11-02")
    reply = next(l for l in view.letters() if l["sender"] == "Carla Benson")
    assert reply["recipient"] == "Xu Ming" and reply["date"] == "2023-11-02"  # the article is dated that Thursday


@pytest.mark.parametrize("text, sender, recipient", [
    ("Putin has written back to Melania Trump, the White House said on Tuesday.", "Putin", "Melania Trump"),
    ("Trump personally handed Putin the letter from his wife, Melania Trump.", "Melania Trump", None),
    ("The Kremlin said on Monday that Putin had received a letter from Pope Leo XIV.", "Leo XIV", "Putin"),
])
def test_short_forms(read, text, sender, recipient):
    letter = read(text).letters()[0]
    assert letter["sender"] == sender
    assert letter["recipient"] == recipient
    assert letter["deliverer"] != letter["sender"]
