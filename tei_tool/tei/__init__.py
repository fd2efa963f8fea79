"""The TEI side: the mapping of model kinds to TEI, rendering, and the text rebuilt from TEI."""
