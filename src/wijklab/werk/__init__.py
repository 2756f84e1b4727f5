"""Layer 4, the student's work: the store of attempts and drafts, the count of her progress and the export
of her portfolio. Imports the layers below, never a widget or the teacher's side."""
