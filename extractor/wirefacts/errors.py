"""The project's own error types; the CLI turns them into messages and exit codes."""

from __future__ import annotations


class WirefactsError(Exception):
    """Base class of every error wirefacts raises on purpose."""


class InputError(WirefactsError):
    """An input file or record cannot be read as an article."""


class RuleError(WirefactsError):
    """A rule file is malformed; the message reads ``file:line: problem``."""


class StoreError(WirefactsError):
    """The database cannot be opened, migrated or written."""
