"""Layer 1, the base: Dutch wording (numbers, dates, plurals), the course's errors and command-line parser,
paths and limits. Imports nothing else of wijklab."""
