"""The protocol as a document: Markdown from the templates, Word from the Markdown,
and Word read back."""
