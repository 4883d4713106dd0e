"""Storing: the FAISS index on disk, the collection of files behind it, and what `list` shows of it."""
