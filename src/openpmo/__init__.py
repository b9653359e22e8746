"""OpenPMO: an open-source platform for a Project Management Office."""

__all__ = ["__version__"]

__version__ = "0.1.0"
