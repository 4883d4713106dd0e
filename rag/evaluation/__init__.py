"""Evaluation: retrieval and abstention measured on question files, overall and per document."""
