"""Reading a transcript: source text, layout, blocks, inline marks, and their rule tables."""
