"""Initials as speaker labels (`M:`, `K:`) resolve through the participants the document lists."""

from __future__ import annotations

from lxml import etree

from tei_tool.api import encode_text
from tei_tool.config import Config, Personography

T = "{http://www.tei-c.org/ns/1.0}"


def speakers(text: str) -> list[str]:
    result = encode_text(text, "memcon.txt", Config(), Personography(), None)
    assert result.ok, [f.format() for f in result.findings]
    return [sp.get("who", "") for sp in etree.fromstring(result.xml).iter(f"{T}sp")]


def test_initials_resolve_to_the_one_participant_they_fit() -> None:
    text = ("Memorandum of Conversation\n\nParticipants:\nChairman Mao Zedong\nDr. Henry Kissinger\n\n"
            "M: Welcome.\n\nK: Thank you, Mr. Chairman.\n\nM: Sit down, please.\n")
    assert speakers(text) == ["#mao-zedong", "#henry-kissinger", "#mao-zedong"]


def test_an_initial_two_participants_share_is_not_guessed() -> None:
    text = ("Memorandum of Conversation\n\nParticipants:\nChairman Mao Zedong\nMarshal Malinovsky\n\n"
            "M: Welcome.\n\nK: Thank you.\n")
    who = speakers(text)
    assert who[0] not in ("#mao-zedong", "#malinovsky")
