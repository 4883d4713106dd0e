"""Searching: dense and lexical retrieval, questions about a document itself, and the relevance tests."""
