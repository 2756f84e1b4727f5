"""Layer 3, display: course charts, Dutch tables and the static (offline) rendering of notebooks.
Imports the base and the content, never the student's work or a widget."""
