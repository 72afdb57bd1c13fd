"""Children groups: counts in words or digits, qualifiers, status, routes, sub-groups, claims."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, count, qualifier, status, origin, destination", [
    ("Eleven children were returned to Georgia from Abkhazia on Monday.", 11, "exact", "returned", "Abkhazia", "Georgia"),
    ("Officials said 1,359 children had been deported to Belarus.", 1359, "exact", "deported", None, "Belarus"),
    ("More than 19,000 children have been displaced since the fighting began.", 19000, "at least", "displaced", None, None),
    ("Nearly 2,000 orphans were evacuated from the capital.", 2000, "approximate", "evacuated", None, None),
    ("Six Syrian children were reunited with their families in Jordan.", 6, "exact", "reunited", None, None),
    ("About 40 kids were taken to camps across the border.", 40, "approximate", "abducted", None, None),
    ("Two teenage brothers from Kherson were reunited with their mother.", 2, "exact", "reunited", "Kherson", None),
    ("Officials verified 9,120 children deported or forcibly transferred to Belarus.", 9120, "exact", "deported", None, "Belarus"),
])
def test_group(read, text, count, qualifier, status, origin, destination):
    groups = [g for g in read(text).children() if g["count"] == count]
    assert groups, read(text).children()
    group = groups[0]
    assert group["countQualifier"] == qualifier
    assert status in group["status"]
    if origin:
        assert group["origin"] == origin
    if destination:
        assert group["destination"] == destination


def test_sub_groups_point_at_the_group_they_split(read):
    view = read("Twelve children came home on Sunday. Nine of them were returned to Armenia from Azerbaijan, "
                "while three others went back to Azerbaijan from Armenia.")
    groups = {g["count"]: g for g in view.children()}
    assert groups[9]["parent"] == 12 and groups[3]["parent"] == 12
    assert (groups[9]["origin"], groups[9]["destination"]) == ("Azerbaijan", "Armenia")
    assert (groups[3]["origin"], groups[3]["destination"]) == ("Armenia", "Azerbaijan")


def test_a_group_that_moves(read):
    group = read("A group of 11 children crossed into Moldova on Saturday.").children()[0]
    assert (group["count"], group["destination"]) == (11, "Moldova")


@pytest.mark.parametrize("text, count, claimer", [
    ("Since May, 1,366 children have been brought back, according to the Bring Kids Home initiative.", 1366,
     "Bring Kids Home initiative"),
    ("The Ministry of Education estimated that 4,500 children had been deported.", 4500, "Ministry of Education"),
    ("According to Georgian authorities, at least 610 children have been displaced.", 610, "Georgian authorities"),
])
def test_who_claims_the_figure(read, text, count, claimer):
    group = next(g for g in read(text).children() if g["count"] == count)
    assert group["claimedBy"] == claimer


@pytest.mark.parametrize("text", [
    "The two leaders met in 2019.",
    "She has three children and lives in Kyiv.",
    "The 18-month-old war has drained ammunition stores.",
])
def test_no_group_invented(read, text):
    assert read(text).children() == []
