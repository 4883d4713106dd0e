"""The Gradio chat: presents what ``rag`` answers, and nothing more."""
