"""Layer 5, the student's side: the widgets of a notebook (quiz, reflection, progress, diagnostic, review,
model explorer). Imports the layers below, never the teacher's side."""
