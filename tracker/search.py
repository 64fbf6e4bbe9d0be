"""The query language of `tracker list --search`, read once for both engines.

    passports                 the word (stemmed: passport, passports)
    interpol databases        both words, anywhere in the commitment's texts
    "foreign fighters"        the words next to each other, in this order
    passports OR borders      either
    interp*                   a word beginning so (interpol, interpreting)
    interpol NOT passports    the first and not the second; NOT binds tightest
    (syria OR iraq) NOT mosul parentheses group

OR, AND and NOT are operators only in capitals. Punctuation in a word
splits it ("al-Bab" is the phrase "al Bab"). SQLite (FTS5) and PostgreSQL
(tsquery) are handed the terms one by one, never the text typed, so the
two engines read a query alike; tracker.queries joins the terms with AND,
OR and NOT itself. A query that cannot be read is a SearchSyntaxError, not
an empty result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.errors import TrackerError

_TOKEN = re.compile(r'\s*(?:(")|(\()|(\))|([^\s"()]+))')
_WORD = re.compile(r"\w+")
OPERATORS = ("OR", "AND", "NOT")


class SearchSyntaxError(TrackerError):
    def __init__(self, query: str, problem: str):
        super().__init__(f"cannot read the search {query!r}: {problem}")


@dataclass(frozen=True)
class Term:
    """Words to find: one word, a phrase (several in order), or a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Every:
    items: tuple[Query, ...]


@dataclass(frozen=True)
class Either:
    items: tuple[Query, ...]


@dataclass(frozen=True)
class Not:
    item: Query


Query = Term | Every | Either | Not


def parse(query: str) -> Query:
    """The query ``query`` stands for; SearchSyntaxError if it cannot be read."""
    return _Parser(query).parse()


class _Parser:
    def __init__(self, query: str):
        self.query = query
        self.tokens = self._tokens()
        self.position = 0

    def fail(self, problem: str) -> SearchSyntaxError:
        return SearchSyntaxError(self.query, problem)

    def _tokens(self) -> list[str | Term]:
        tokens: list[str | Term] = []
        position = 0
        text = self.query
        while text[position:].strip():
            match = _TOKEN.match(text, position)
            assert match is not None  # every character but a space starts a token
            quote, opening, closing, bare = match.groups()
            position = match.end()
            if quote:
                end = text.find('"', position)
                if end < 0:
                    raise self.fail("a quote is not closed")
                words = tuple(_WORD.findall(text[position:end]))
                position = end + 1
                if not words:
                    raise self.fail('a phrase in quotes ("") has no words')
                tokens.append(Term(words))
            elif opening or closing:
                tokens.append(opening or closing)
            elif bare in OPERATORS:
                tokens.append(bare)
            else:
                term = self._bare(bare)
                if term is not None:
                    tokens.append(term)
        return tokens

    def _bare(self, bare: str) -> Term | None:
        prefix = bare.endswith("*")
        stem = bare.rstrip("*") if prefix else bare
        if "*" in stem or (prefix and not _WORD.fullmatch(stem)):
            raise self.fail(f"{bare!r}: * may only end a word, as in interp*")
        words = tuple(_WORD.findall(stem))
        return Term(words, prefix) if words else None  # punctuation alone says nothing

    def peek(self) -> str | Term | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str | Term | None:
        token = self.peek()
        self.position += 1
        return token

    def parse(self) -> Query:
        if not self.tokens:
            raise self.fail("it has no words")
        query = self.any()
        if self.peek() is not None:
            raise self.fail("a ')' has no '(' before it")
        return query

    def any(self) -> Query:
        items = [self.all()]
        while self.peek() == "OR":
            self.take()
            items.append(self.all())
        return items[0] if len(items) == 1 else Either(tuple(items))

    def all(self) -> Query:
        items = [self.negated()]
        while self.peek() not in (None, "OR", ")"):
            if self.peek() == "AND":
                self.take()
            items.append(self.negated())
        return items[0] if len(items) == 1 else Every(tuple(items))

    def negated(self) -> Query:
        if self.peek() == "NOT":
            self.take()
            return Not(self.negated())
        return self.term()

    def term(self) -> Query:
        token = self.take()
        if isinstance(token, Term):
            return token
        if token == "(":
            if self.peek() == ")":
                raise self.fail("'()' holds nothing")
            inner = self.any()
            if self.take() != ")":
                raise self.fail("a '(' is not closed")
            return inner
        before = self.tokens[self.position - 2] if self.position >= 2 else None
        if before in OPERATORS:
            raise self.fail(f"{before} needs a word after it")
        if token is None:  # the end, right after a "("
            raise self.fail("a '(' is not closed")
        if token == ")":
            raise self.fail("a ')' has no '(' before it")
        raise self.fail(f"{token} needs a word before it")
