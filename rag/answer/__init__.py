"""Answering: verbatim quotes with citations, one answer path for the CLI and the chat."""
