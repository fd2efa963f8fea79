"""One module per CLI command: option handling, printing and exit codes; the work is in the library."""
