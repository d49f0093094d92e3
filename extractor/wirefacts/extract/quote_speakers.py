"""Stage 3 helper for quotes: who said each quote (QuoteContext -> Attribution).

The search follows textacy's ``direct_quotations`` (a reporting-verb cue near the
quote, its grammatical subject the speaker; after Pareti's attribution work), in
this order, first hit wins:

1. ``trailing``: the wire convention ``"…," X said`` / ``"…," said X`` /
   ``"…," according to X`` - a cue right after a quote that does not end its sentence.
2. ``governing``: the parse - the first reporting (or opinion) verb on the head
   chain from the quote up, for partial quotes: ``Perdue said officials will visit
   … to "build goodwill"``; ``The Fed cut rates, saying … "insurance …"``.
3. ``leading``: ``X said: "…"`` / ``X said "…"`` - the nearest cue before the quote
   in its frame (a colon at a paragraph end keeps the frame open).
4. ``frame``: any other cue in the quote's frame.
5. ``inherited``: a frame that is only a quote, right after a frame holding the
   previous quote, has that quote's speaker (the next paragraph of a speech).
6. ``introduced``: a frame that is only a quote, after a sentence whose reporting
   verb has a named subject (``Ross said on Thursday the deal …`` then ``"…"``).

The cue's subject becomes a speaker in ``quote_referents``.
"""

from __future__ import annotations

from wirefacts.extract.quote_context import QuoteContext
from wirefacts.extract.quote_referents import UNNAMED, Attribution, Referents

_MAX_TRAILING = 15
_MAX_LEADING = 40


class SpeakerFinder:
    """Attributes the quotes of one document, in text order."""

    def __init__(self, ctx: QuoteContext) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.rules = ctx.rules
        self.found: list[Attribution] = []
        self.ref = Referents(ctx, self.found)

    # -- the search ---------------------------------------------------------------

    def attribute_all(self) -> list[Attribution]:
        """One Attribution per quote span of the context, in the same order."""
        self.found.clear()
        for q in range(len(self.ctx.spans)):
            self.found.append(self.attribute(q))
        return self.found

    def attribute(self, q: int) -> Attribution:
        """Apply the cue search in order (see module docstring)."""
        first: Attribution | None = None
        for how, finder in (
            ("trailing", self._trailing),
            ("governing", self._governing),
            ("leading", self._leading),
            ("frame", self._frame_cue),
        ):
            # The first cue whose subject is settled (named, or an unnamed source)
            # wins; a cue with an unresolved subject ("a plan saying …", "he" with
            # no antecedent) yields to the next ("SpaceX urged …").
            for cue in finder(q):
                speaker, kind = self.ref.speaker_of_cue(self.doc[cue])
                if speaker is not None or kind == UNNAMED:
                    return Attribution(speaker, kind if speaker else None, how, cue)
                first = first or Attribution(None, None, how, cue)
        if first is not None:
            return first
        if self.ctx.quote_only(q):
            return self._inherited(q) or self._introduced(q) or Attribution()
        return Attribution()

    def ends_sentence(self, q: int) -> bool:
        """True when the quote ends with a full stop and a new sentence follows."""
        span, text = self.ctx.spans[q], self.ctx.text
        inner = text[span.start : span.end]
        if not inner or inner[-1] not in ".!?…":
            return False
        j = span.close_at + 1
        while j < len(text) and text[j] in " \t":
            j += 1
        if j >= len(text) or text[j] == "\n":
            return True
        return not text[j].islower()  # "We won." He left. / "Go." --Agency

    def _trailing(self, q: int) -> list[int]:
        if self.ends_sentence(q):
            return []
        ctx, span = self.ctx, self.ctx.spans[q]
        close = ctx.token_at(span.close_at)
        _, hi = ctx.frames[ctx.frame_at(close)]
        # The convention is a comma (or ?, !, a dash) ending the quote; without one
        # only an adjacent cue counts ("…" he said), not a verb further on.
        tail = (
            ctx.text[span.end - 1 : span.end]
            + ctx.text[span.close_at + 1 : span.close_at + 2]
        )
        reach = _MAX_TRAILING if any(ch in ",?!—–-…" for ch in tail) else 4
        for i in range(close + 1, min(hi, close + 1 + reach)):
            tok = self.doc[i]
            if (
                ctx.quote_of[i] >= 0
                or tok.text in (";", "(", "—")
                or (reach == 4 and tok.is_punct)
            ):
                break
            if self.ref.is_cue(tok):
                return [i]
        return []

    def _governing(self, q: int) -> list[int]:
        ctx = self.ctx
        if not ctx.parsed:
            return []
        inner = ctx.quote_tokens(q)
        frame = ctx.quote_frame(q)
        cues: list[int] = []
        for i in inner:
            tok = self.doc[i]
            if tok.is_punct or (tok.head.i in inner and tok.head.i != i):
                continue
            head, steps = tok, 0
            while head.head.i != head.i and steps < 12:
                head, steps = head.head, steps + 1
                if ctx.quote_of[head.i] >= 0 or ctx.frame_at(head.i) != frame:
                    continue
                if self.ref.is_cue(head, opinion=True) and head.i not in cues:
                    cues.append(head.i)
        return cues

    def _leading(self, q: int) -> list[int]:
        ctx = self.ctx
        opening = ctx.token_at(ctx.spans[q].open_at)
        lo, _ = ctx.frames[ctx.frame_at(opening)]
        found = [
            i
            for i in range(opening - 1, max(lo, opening - _MAX_LEADING) - 1, -1)
            if ctx.quote_of[i] < 0 and self.ref.is_cue(self.doc[i])
        ]
        # nearest first, but not a verb of a relative clause ("reporters who asked")
        return sorted(found, key=lambda i: self.doc[i].dep_ in ("relcl", "acl"))

    def _frame_cue(self, q: int) -> list[int]:
        ctx = self.ctx
        mid = ctx.token_at(ctx.spans[q].open_at)
        cues = [
            i
            for i in ctx.frame_tokens(ctx.quote_frame(q))
            if ctx.quote_of[i] < 0 and self.ref.is_cue(self.doc[i])
        ]
        return sorted(cues, key=lambda i: abs(i - mid))

    def _inherited(self, q: int) -> Attribution | None:
        if q == 0:
            return None
        frame, before = self.ctx.quote_frame(q), self.ctx.quote_frame(q - 1)
        if before in (frame, frame - 1):
            prev = self.found[q - 1]
            return Attribution(prev.speaker, prev.speaker_type, "inherited", prev.cue)
        return None

    def _introduced(self, q: int) -> Attribution | None:
        ctx = self.ctx
        frame = ctx.quote_frame(q)
        if frame == 0:
            return None
        tokens = ctx.frame_tokens(frame - 1)
        if any(ctx.quote_of[i] >= 0 for i in tokens):
            return None
        cues = [i for i in tokens if self.ref.is_cue(self.doc[i])]
        cues.sort(key=lambda i: self.doc[i].dep_ != "ROOT")
        for i in cues[:1]:
            speaker, kind = self.ref.speaker_of_cue(self.doc[i])
            if speaker is not None and kind != UNNAMED:
                return Attribution(speaker, kind, "introduced", i)
        return None
