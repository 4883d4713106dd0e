"""Rendering of Vraagbaak's own evaluation documents from their `.src` sources.

A source (`eval/own/sources/<name>.src`, format in `eval/own/README.md`) is parsed by
`source`, wrapped and laid out on pages by `wrap` and `layout`, and written by `pdf` (the
Tweede Kamer's or a ministry's PDF), `conversions` (the text and Markdown files users make
of such a PDF, defective ones included) and `word` (a `.docx`). `manifest` ties it together
for `eval/render.py`.
"""
