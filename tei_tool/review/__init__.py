"""`tei review`: self-contained HTML proofreading pages for TEI encodings, with a review queue.

`document` turns a transcript (encoded on the way) or a TEI file into a review (TEI annotated with
page ids and source lines, findings, queue); `page` runs the shipped XSLT stylesheets on it.
"""

from __future__ import annotations

from .document import MARK_KINDS, QueueItem, Review, count_marks, from_tei, from_transcript
from .page import gold_scores, render_index, render_page

__all__ = ["MARK_KINDS", "QueueItem", "Review", "count_marks", "from_tei", "from_transcript", "gold_scores",
           "render_index", "render_page"]
