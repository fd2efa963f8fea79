"""Recognition rules: ordered tables of small named functions."""
