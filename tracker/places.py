"""Country codes from pycountry, the maintained ISO 3166 data."""

from __future__ import annotations


def country_code(name: str) -> str:
    """The ISO 3166-1 alpha-2 code for a country's name, common name or code.

    Raises LookupError when pycountry knows no such country.
    """
    import pycountry  # loads its data on first use only

    return str(pycountry.countries.lookup(name.strip()).alpha_2)
