"""Readers, one per file format: each turns a file into a ``SourceText`` of printed lines with offsets and pages."""
