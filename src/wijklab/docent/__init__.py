"""Layer 6, the teacher's side: the class overview, the grading round and its sandbox, the checks of the
assignments, item analysis and the answer keys. May import every layer below."""
