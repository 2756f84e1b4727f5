"""``wijklab.nakijken`` by its old name: released assignments import it so (``from wijklab import nakijken as nk``).

The checks live in :mod:`wijklab.docent.nakijken`; this name is that very module, not a copy.
"""

import sys

from wijklab.docent import nakijken as _nakijken

sys.modules[__name__] = _nakijken
