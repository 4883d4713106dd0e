"""The structure of an answer document: headings, questions and answers, metadata, and the plain fallback."""
