"""Layer 2, the content as data: question banks and question types, grading, the bibliography, datasets,
the register of time-bound claims and the Middelstad model. Imports only :mod:`wijklab.basis`."""
