"""Decoding of API request bodies: a JSON object of bounded size and nesting, no NUL.

Standard library only. Every rule broken is a ``BodyError`` the controller turns into a 400,
never a 500: a 30,000-deep array makes ``json.loads`` raise ``RecursionError``, and a deep
but parseable value would make any recursive walk over it do the same.
"""

import json

# No valid request nests deeper than this (steps → approval → webauthn JSON is 3 levels).
MAX_DEPTH = 32


class BodyError(ValueError):
    """The body is not an acceptable JSON object; ``str()`` says why, for the client."""


def _walk(value):
    """Every value inside ``value`` with its depth, iteratively (no recursion limit).

    :return: iterator of (depth, value); dict keys are yielded as values too
    """
    stack = [(1, value)]
    while stack:
        depth, item = stack.pop()
        yield depth, item
        if isinstance(item, dict):
            stack.extend((depth + 1, key) for key in item)
            stack.extend((depth + 1, child) for child in item.values())
        elif isinstance(item, list):
            stack.extend((depth + 1, child) for child in item)


def parse_object(raw: bytes, max_depth: int = MAX_DEPTH) -> dict:
    """Decode ``raw`` into a dict.

    :param bytes raw: the request body
    :param int max_depth: deepest nesting allowed (the object itself is depth 1)
    :raises BodyError: not UTF-8 JSON, not an object, nested deeper than ``max_depth``, or a
        NUL character anywhere (PostgreSQL text cannot store one)
    """
    try:
        body = json.loads(bytes(raw).decode("utf-8"))
    except RecursionError:
        raise BodyError("body nests deeper than %d levels" % max_depth) from None
    except (UnicodeDecodeError, ValueError):
        raise BodyError("body is not UTF-8 JSON") from None
    if not isinstance(body, dict):
        raise BodyError("body must be a JSON object")
    for depth, value in _walk(body):
        if depth > max_depth:
            raise BodyError("body nests deeper than %d levels" % max_depth)
        if isinstance(value, str) and "\x00" in value:
            raise BodyError("text must not contain NUL characters")
        if isinstance(value, str) and not value.isascii():
            try:  # a lone surrogate ("\ud800" in JSON) is valid JSON but no text to store
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise BodyError("text must be valid Unicode (no lone surrogates)") from None
    return body
