"""tracker: a commitment-tracking database for diplomatic statements."""

__version__ = "0.1.0"
