"""Pure computation over frozen dataclasses and NumPy arrays: no database, no clock."""
