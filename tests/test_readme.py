"""The README stays true: its rule table is generated, its commands exist, its example is real."""

from __future__ import annotations

from lxml import etree

from tei_tool.api import encode_text
from tei_tool.validate.docs import embed

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_rule_table_is_generated_from_the_rules() -> None:
    assert README == embed(README), "README.md's rule table is stale: run `python -m tei_tool.validate.docs`"


def test_readme_example_is_what_the_encoder_writes() -> None:
    text = ("Ambassador Ri Yeongho (abbreviated as Ri as below): When I was Ambassador [to China], I was cared for\n"
            "meticulously by Comrade Chairman [Mao Zedong] …\n\nChairman Liu Shaoqi: No. [Everything is] very good.\n")
    root = etree.fromstring(encode_text(text, "example.txt", validate=False).xml)
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    speaker = root.find(".//t:sp/t:speaker", ns)
    assert speaker.text == "Ambassador Ri Yeongho " and speaker[0].get("type") == "alias"
    supplied = root.findall(".//t:supplied", ns)
    assert [(s.get("reason"), s.text) for s in supplied] == [("omitted", "to China"), ("name", "Mao Zedong"),
                                                            ("omitted", "Everything is")]
    for fragment in ('<note type="alias" rend="parentheses">abbreviated as Ri as below</note>',
                     '<supplied reason="omitted" resp="#resp-translator" rend="brackets">to China</supplied>',
                     '<supplied reason="name" resp="#resp-translator" rend="brackets">Mao Zedong</supplied>'):
        assert fragment in README
