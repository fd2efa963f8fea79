"""Reading a transcript: source text, layout, blocks, inline marks, and their rule tables."""

from __future__ import annotations


def rule_names() -> list[str]:
    """Every reading rule a corpus can switch off by name (`rules.disabled` in tei.yaml), in the order
    the stages apply them: flattening, the layout's line and join rules, the front and body rules."""
    from tei_tool.read.blocks import BODY_RULES, FRONT_RULES
    from tei_tool.read.layout import JOIN_RULES, LINE_RULES

    return ["flatten"] + [rule.__name__ for rule in [*LINE_RULES, *JOIN_RULES, *FRONT_RULES, *BODY_RULES]]
