"""Vraagbaak's core: ingestion, passages, index, retrieval, answers and the CLI."""
