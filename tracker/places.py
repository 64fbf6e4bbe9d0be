"""Country codes from pycountry (ISO 3166) and the names people type, from countryinfo."""

from __future__ import annotations


def country_code(name: str) -> str:
    """The ISO 3166-1 alpha-2 code for a country's name, common name or code.

    Raises LookupError when neither pycountry nor countryinfo knows it.
    """
    import pycountry  # loads its data on first use only

    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2)
    except LookupError:
        pass
    # The names people type ("Turkey", "UK", "Ivory Coast"): countryinfo keeps
    # each country's alternative spellings and native names.
    from countryinfo import CountryInfo

    try:
        code = CountryInfo(name.strip()).iso(2)
    except Exception:  # countryinfo raises its own error, or KeyError for odd input
        raise LookupError(name) from None
    if not isinstance(code, str) or pycountry.countries.get(alpha_2=code) is None:
        raise LookupError(name)
    return code
