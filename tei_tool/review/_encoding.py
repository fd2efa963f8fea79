"""Encoding a transcript on the way to its page.

The one place the review package imports the encoder, so that a move of `encode_bytes` (to
`tei_tool.api`) is a one-line change here.
"""

from __future__ import annotations

from tei_tool.api import EncodeResult, encode_bytes

__all__ = ["EncodeResult", "encode_bytes"]
