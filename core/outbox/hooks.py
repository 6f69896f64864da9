"""What the apps above tell the outbox, in their `AppConfig.ready()`: how to write each kind
of message (a renderer per kind) and what a recipient wants (the recipient policy)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Email:
    """A rendered e-mail: subject, plain text and (optionally) HTML."""

    subject: str
    text: str
    html: str | None = None


@dataclass(frozen=True)
class Recipient:
    """What a user chose: the language of their e-mail and the kinds they switched off."""

    language: str
    muted: frozenset[str] = field(default_factory=frozenset)


# A renderer writes one message's e-mail in the active language (the outbox activates the
# recipient's); it reads only the row (`data`, `url`, `user`), no other table.
Renderer = Callable[[object], Email]
# A recipient policy answers for a batch of user ids at once (a few queries per batch).
RecipientPolicy = Callable[[Collection[int]], Mapping[int, Recipient]]

# A truth check answers, for a batch of claimed rows, which of them are no longer true (a
# reminder of a deadline that passed or moved, work handed in since, a notice too old to
# mail): their e-mail is dropped, never sent. A few queries per batch.
TruthCheck = Callable[[Sequence[object]], Collection[int]]

_renderers: dict[str, Renderer] = {}
_policy: list[RecipientPolicy] = []
_truth: list[TruthCheck] = []


def renderer_register(kinds: Iterable[str], renderer: Renderer) -> None:
    """Let `renderer` write the e-mails of `kinds`; a kind has one renderer."""
    for kind in kinds:
        if _renderers.get(kind, renderer) is not renderer:
            raise ImproperlyConfigured(f"The outbox already has a renderer for {kind!r}.")
        _renderers[kind] = renderer


def renderer_for(kind: str) -> Renderer:
    try:
        return _renderers[kind]
    except KeyError:
        raise LookupError(f"No app registered an e-mail renderer for {kind!r}.") from None


def recipient_policy_set(policy: RecipientPolicy | None) -> None:
    """The project's answer to "in which language, and does this user want this kind?"
    (None: everyone in the site's language, nothing switched off)."""
    _policy[:] = [policy] if policy is not None else []


def recipients(user_ids: Collection[int]) -> dict[int, Recipient]:
    """The recipient of each user id (the default for a user the policy does not know)."""
    default = Recipient(language=settings.LANGUAGE_CODE)
    known = _policy[0](user_ids) if _policy and user_ids else {}
    return {pk: known.get(pk, default) for pk in user_ids}


def truth_check_set(check: TruthCheck | None) -> None:
    """The project's answer to "is this message still true, to e-mail now?" (None: all are)."""
    _truth[:] = [check] if check is not None else []


def no_longer_true(rows: Sequence[object]) -> set[int]:
    """The primary keys of the rows whose e-mail should not go out any more."""
    return set(_truth[0](rows)) if _truth and rows else set()
