"""The course kernel's own settings (kernel.json passes this file with --config).

The Help menu lists these links under "Over de kernel …": Dutch labels instead of ipykernel's English
"Python Reference", "NumPy Reference" and so on, and only the libraries the course uses.
"""

import sys

c = get_config()  # noqa: F821 (traitlets provides get_config in config files)

c.IPythonKernel.help_links = [
    {"text": "Naslag Python", "url": "https://docs.python.org/%i.%i" % sys.version_info[:2]},
    {"text": "Naslag pandas", "url": "https://pandas.pydata.org/docs/"},
    {"text": "Naslag plotly", "url": "https://plotly.com/python/"},
]
