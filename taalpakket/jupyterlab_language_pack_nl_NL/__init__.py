# Copyright (c) Jupyter Development Team (the official catalogue) and the Wijklab course (its translations).
# Distributed under the terms of the Modified BSD License.

__version__ = "4.5.post3+wijklab.1"
