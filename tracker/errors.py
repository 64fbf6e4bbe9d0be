"""The one exception the library raises for anything a user can fix."""


class TrackerError(Exception):
    """Bad input or a state the user can act on; the message says what."""
