"""Stage 3 helper for quotes: from a reporting verb to the speaker's canonical name.

``Referents`` answers two questions for ``quote_speakers``: is this token a
reporting cue, and whom does a cue's subject name? The subject of a cue becomes
a speaker: a PERSON/ORG (or GPE) mention's canonical entity; a pronoun's
antecedent (in the nearest recent frame naming one: a speaker over a subject over
any mention); an organisation behind a spokesperson or a statement ("a Boeing
spokesman", "a statement from the ministry"); the last-named organisation or
person for a definite "the company"/"the minister"; a name the model left
unlabelled, completed from its fullest earlier form; and nobody for unnamed
sources ("a person with knowledge of the talks", "one trader", "officials").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from wirefacts.extract.entities import EntityLexicon
from wirefacts.extract.quote_context import QuoteContext
from wirefacts.facts import Mention
from wirefacts.names import org_key

UNNAMED = "UNNAMED"  # internal speaker type: an unnamed source, settled as nobody
CUED = frozenset({"trailing", "governing", "leading", "frame"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Clauses inside another ("Asked ..., he said"; "for Reagan to cancel").
_SUBORDINATE_DEPS = frozenset(
    {"advcl", "ccomp", "xcomp", "csubj", "acl", "relcl", "pcomp"}
)
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep"})
_INVERTED_DEPS = frozenset({"dobj", "attr", "npadvmod", "appos", "oprd"})
_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE"})
_NOT_PERSON_ENTS = frozenset(
    "ORG GPE NORP LOC FAC DATE TIME MONEY PERCENT CARDINAL ORDINAL QUANTITY LAW "
    "LANGUAGE EVENT".split()
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said a quote and how that was decided (``how`` None: no evidence)."""

    speaker: str | None = None
    speaker_type: str | None = None
    how: str | None = None
    cue: int | None = None  # token index of the reporting verb

    @property
    def cued(self) -> bool:
        """True when a reporting cue sits in the quote's own sentence."""
        return self.how in CUED


@dataclass(frozen=True, slots=True)
class _Candidate:
    char: int
    entity: str
    type: str
    subject: bool
    speaker: bool = False  # the subject of a reporting verb, or a quote's speaker


class Referents:
    """Cue tests and subject resolution over one document's QuoteContext.

    ``found`` is the list of attributions made so far (earlier quotes' speakers
    count as antecedents); the caller appends to it.
    """

    def __init__(self, ctx: QuoteContext, found: list[Attribution]) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.rules = ctx.rules
        self.found = found

    def is_cue(self, tok: Token, opinion: bool = False) -> bool:
        """A reporting verb (or ``according to``) outside quotes."""
        if self.ctx.quote_of[tok.i] >= 0:
            return False
        lower = tok.lower_
        if lower == "according":
            nxt = tok.nbor(1) if tok.i + 1 < len(self.doc) else None
            return nxt is not None and nxt.lower_ == "to"
        if tok.pos_ and tok.pos_ not in ("VERB", "AUX"):
            return False
        verbs = self.rules.reporting_verbs
        if opinion:
            verbs = verbs | self.rules.opinion_verbs
        return self._lemma(tok) in verbs

    def _lemma(self, tok: Token) -> str:
        lemma = tok.lemma_.lower()
        if lemma and lemma != tok.lower_:
            return lemma
        lower = tok.lower_
        if lower in self.rules.verb_forms:
            return self.rules.verb_forms[lower]
        verbs = self.rules.reporting_verbs | self.rules.opinion_verbs
        if lower in verbs:
            return lower
        for suffix, repl in (
            ("ing", ""),
            ("ing", "e"),
            ("ed", ""),
            ("ed", "e"),
            ("d", ""),
            ("es", ""),
            ("s", ""),
            ("ied", "y"),
            ("ies", "y"),
        ):
            if lower.endswith(suffix) and lower[: -len(suffix)] + repl in verbs:
                return lower[: -len(suffix)] + repl
        return lemma or lower

    def subject_of(self, verb: Token) -> Token | None:
        """The token naming who speaks through ``verb`` (see module docstring)."""
        if verb.lower_ == "according":
            to = verb.nbor(1)
            for child in to.children:
                if child.dep_ == "pobj":
                    return child
            return to.nbor(1) if to.i + 1 < len(self.doc) else None
        if not self.ctx.parsed:
            return self._nearby_subject(verb)
        v = verb
        if self._lemma(v) == "quote":  # "Y quoted X (as saying)": X speaks, not Y
            for child in v.children:
                if (
                    child.dep_ in ("dobj", "nsubjpass")
                    and self.ctx.quote_of[child.i] < 0
                ):
                    return child
        for _ in range(4):
            quoted = self._quoted_as(v)
            if quoted is not None:
                return quoted
            for child in v.children:
                if child.dep_ in _SUBJECT_DEPS and self.ctx.quote_of[child.i] < 0:
                    if (
                        child.lower_ in self.rules.relative_pronouns
                        and v.dep_ == "relcl"
                    ):
                        return v.head
                    return child
            if self._lemma(v) not in ("tell", "ask", "quote"):
                for child in v.rights:
                    if (
                        child.dep_ in _INVERTED_DEPS
                        and child.pos_ in ("PROPN", "NOUN")
                        and self.ctx.quote_of[child.i] < 0
                    ):
                        return child  # "…," said Arber Qazimi
            if v.dep_ == "acl":
                return v.head  # "a statement saying …", "officials saying …"
            if v.dep_ not in _CLIMB_DEPS or v.head.i == v.i:
                break
            v = v.head
        return self._nearby_subject(verb)  # the parse found no subject

    def _quoted_as(self, v: Token) -> Token | None:
        """``Y quoted X as saying`` -> X; ``X was quoted as saying`` -> X."""
        head = v.head
        if (
            v.dep_ != "pcomp"
            or head.lower_ != "as"
            or self._lemma(head.head) != "quote"
        ):
            return None
        for child in head.head.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                return child
        return None

    def _nearby_subject(self, verb: Token) -> Token | None:
        """Without a usable parse: a mention or pronoun just before the verb (over an
        appositive: ``X, Westinghouse's chairman, said``), else just after it."""
        ctx, doc = self.ctx, self.doc
        pronouns = self.rules.person_pronouns | self.rules.org_pronouns
        j = _skip_space(doc, verb.i - 1, -1)
        if j >= 0 and doc[j].text == ",":  # jump back over ", the chairman,"
            k = j - 1
            while (
                k > max(-1, j - 12)
                and doc[k].text not in (",", ".", '"')
                and ctx.quote_of[k] < 0
            ):
                k -= 1
            if k >= 0 and doc[k].text == ",":
                j = _skip_space(doc, k - 1, -1)
        for _ in range(5):
            if (
                j < 0
                or ctx.quote_of[j] >= 0
                or (doc[j].is_punct and doc[j].text != ".")
            ):
                break
            if ctx.mention_at(doc[j]) is not None or doc[j].lower_ in pronouns:
                return doc[j]
            j = _skip_space(doc, j - 1, -1)
        for j in range(verb.i + 1, min(len(doc), verb.i + 5)):
            t = doc[j]
            if t.is_punct:
                break
            if ctx.mention_at(t) is not None:
                return t
        return None

    def speaker_of_cue(self, verb: Token) -> tuple[str | None, str | None]:
        """Speaker (canonical name, type) of a cue, or (None, None)."""
        subject = self.subject_of(verb)
        if subject is None:
            return None, None
        return self.speaker_of_np(subject)

    def speaker_of_np(self, tok: Token) -> tuple[str | None, str | None]:
        """Canonical name and type of the entity a subject phrase names."""
        rules, ctx = self.rules, self.ctx
        lower = tok.lower_
        if lower in rules.person_pronouns:
            return self.antecedent(tok, ("PERSON",))
        if lower in rules.org_pronouns:
            return self.antecedent(tok, ("ORG", "GPE"), speakers_first=True)
        if lower in rules.other_pronouns:
            return None, UNNAMED
        mention = ctx.mention_at(tok)
        if (
            mention is not None
            and tok.pos_ == "PROPN"
            and mention.type != "PERSON"
            and " " not in mention.text.strip()
        ):
            # the model's label wavers on bare surnames ("Hinch" as NORP, "Flaherty"
            # as ORG) where the article has named the person in full before
            person = self._surname_match(tok)
            if person[0] is not None:
                return person
        if mention is not None and mention.type in _SPEAKER_TYPES:
            return mention.entity, mention.type
        if mention is not None:
            return None, UNNAMED  # NORP and the like: "the Chinese said"
        if ctx.parsed:
            for child in tok.children:
                if child.dep_ == "appos":
                    m = ctx.mention_at(child)
                    if m is not None and m.type in ("PERSON", "ORG"):
                        return m.entity, m.type
        lemma = tok.lemma_.lower() or lower
        return self._speaker_of_noun(tok, lemma)

    def _speaker_of_noun(self, tok: Token, lemma: str) -> tuple[str | None, str | None]:
        rules = self.rules
        if lemma in rules.unnamed_sources or lower_plural(tok) in rules.unnamed_sources:
            return None, UNNAMED
        # "the group", "its unit", and a possessed noun: "the automakers' group"
        definite = (
            any(
                c.dep_ in ("det", "poss")
                and (c.lower_ in ("the", "its", "their") or c.pos_ == "NOUN")
                for c in tok.children
            )
            if self.ctx.parsed
            else tok.i > 0 and tok.nbor(-1).lower_ in ("the", "its")
        )
        if lemma in rules.spokesperson_nouns:
            named = self._named_inside(
                tok,
                ("ORG", "GPE")
                if lemma.startswith("spokes") or lemma == "representative"
                else ("ORG", "GPE", "PERSON"),
            )
            if named is not None:
                return named
            return (
                self.antecedent(tok, ("ORG",), speakers_first=True)
                if definite
                else (None, UNNAMED)
            )
        if lemma in rules.org_nouns or lemma in rules.institution_nouns:
            titled = self._titled_body(tok)
            if titled is not None:
                return titled
        if lemma in rules.org_nouns:
            named = self._named_inside(tok, ("ORG", "GPE")) or self._portfolio_body(
                tok, lemma)
            if named is not None:
                return named
            return self.antecedent(tok, ("ORG",)) if definite else (None, UNNAMED)
        if lemma in rules.institution_nouns:
            named = self._named_inside(tok, ("ORG", "GPE"))
            return named if named is not None else (None, None)
        if lemma in rules.person_nouns or tok.lower_.endswith("year-old"):
            named = self._named_inside(tok, ("PERSON",))
            if named is not None:
                return named
            return self.antecedent(tok, ("PERSON",)) if definite else (None, UNNAMED)
        if tok.pos_ == "PROPN":
            found = self._surname_match(tok)
            return found if found[0] is not None else self._unlabelled_name(tok)
        return None, None

    def _titled_body(self, tok: Token) -> tuple[str, str] | None:
        """A capitalised body the model did not tag: "The Chinese Embassy in the US
        said" is the Chinese Embassy, not the US. Only when no organisation or
        place is named before the noun ("China's Commerce Ministry" stays China)."""
        if not tok.text[:1].isupper() or tok.is_sent_start or not self.ctx.parsed:
            return None
        chain = [tok]
        inside = {tok.i}  # a modifier joins when it hangs on the chain
        i = tok.i - 1
        while i >= 0 and len(chain) < 5:
            t = self.doc[i]
            if not t.text[:1].isupper() or t.is_space or t.dep_ in ("det", "poss") \
                    or t.head.i not in inside:
                break
            chain.insert(0, t)
            inside.add(t.i)
            i -= 1
        if len(chain) < 2:
            return None
        for t in tok.subtree:  # in text order: only what stands before the noun
            if t.i >= tok.i:
                break
            m = self.ctx.mention_at(t)
            if m is not None and m.type in ("ORG", "GPE", "PERSON"):
                return None
        return self._as_org(" ".join(t.text for t in chain))

    def _portfolio_body(self, tok: Token, lemma: str) -> tuple[str, str] | None:
        """"the commerce department" -> Commerce Department: a government body
        named by the nouns of its portfolio right before it."""
        if lemma not in self.rules.body_nouns or not self.ctx.parsed:
            return None
        words: list[str] = []
        i = tok.i - 1
        while i >= 0:
            t = self.doc[i]
            if t.dep_ != "compound" or t.head.i != tok.i or t.pos_ != "NOUN" \
                    or not t.is_lower:
                break
            words.insert(0, t.text)
            i -= 1
        if not words:
            return None
        return self._as_org(" ".join(w.capitalize() for w in [*words, tok.text]))

    def _as_org(self, name: str) -> tuple[str, str]:
        """An organisation's name as the lexicon writes it, else as given."""
        lex = self.ctx.rules.entities
        canonical = lex.org_by_key.get(org_key(name)) if lex is not None else None
        return canonical or name, "ORG"

    def _unlabelled_name(self, tok: Token) -> tuple[str | None, str | None]:
        """A speaker the model left without a PERSON/ORG label ("Rei Shiratori" as a
        WORK_OF_ART): the fullest capitalised name ending in the same word, if the
        word is not an organisation's or place's (then it stays unknown)."""
        if tok.ent_type_ in _NOT_PERSON_ENTS or not tok.text[:1].isupper():
            return None, None
        best = self._name_chain(tok)
        for t in self.doc[: tok.i]:
            if t.text == tok.text and t.pos_ == "PROPN" and self.ctx.quote_of[t.i] < 0:
                chain = self._name_chain(t)
                if len(chain) > len(best):
                    best = chain
        if not best:
            return None, None
        name = " ".join(t.text for t in best)
        return _typed_name(name, self.ctx.rules.entities)

    def _name_chain(self, tok: Token) -> list[Token]:
        """Capitalised proper nouns ending at ``tok``, less honorifics and titles."""
        chain = [tok]
        i = tok.i - 1
        while i >= 0 and len(chain) < 4:
            t = self.doc[i]
            if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.is_space:
                break
            chain.insert(0, t)
            i -= 1
        skip = self.rules.honorifics | self.rules.person_nouns
        while chain and chain[0].lower_.rstrip(".") in skip:
            chain.pop(0)
        return chain

    def _named_inside(
        self, tok: Token, kinds: tuple[str, ...]
    ) -> tuple[str, str] | None:
        """A mention of one of ``kinds`` in the modifiers of a subject noun."""
        ctx = self.ctx
        if ctx.parsed:
            left = [
                t
                for t in tok.subtree
                if t.i != tok.i
                and not any(a.dep_ in ("relcl", "acl") for a in _path(t, tok))
            ]
        else:
            left = [self.doc[j] for j in range(max(0, tok.i - 4), tok.i)]
        for t in left:
            m = ctx.mention_at(t)
            if m is not None and m.type in kinds:
                return m.entity, m.type
        return None

    def _surname_match(self, tok: Token) -> tuple[str | None, str | None]:
        """An earlier PERSON mention whose canonical name ends with this word."""
        for m in reversed(self.ctx.mentions_before(tok.idx)):
            if (
                m.type == "PERSON"
                and m.entity.split()[-1:] == [tok.text]
                and " " in m.entity
            ):
                return m.entity, m.type
        return None, None

    # -- antecedents --------------------------------------------------------------

    def antecedent(
        self, tok: Token, kinds: tuple[str, ...], speakers_first: bool = False
    ) -> tuple[str | None, str | None]:
        """The entity a pronoun or definite noun refers back to.

        Going back frame by frame (at most ``antecedent_sentences``), the first frame
        naming an entity of the right kind gives it: its subject if one is (a quote's
        speaker counts as the subject of the cue's frame), else the last named.
        Past the window, the last such mention before. With ``speakers_first`` ("it
        said", "the statement said") an earlier speaker in the window wins over
        other subjects: "GM and Ford operate plants in Brazil, it added" is the
        report's voice, not GM's.
        """
        ctx = self.ctx
        frame = ctx.frame_at(tok.i)
        window = range(frame, max(-1, frame - self.rules.antecedent_sentences - 1), -1)
        if speakers_first:
            for k in window:
                lo, hi = ctx.frames[k]
                spoke = [
                    c
                    for c in self._candidates(lo, tok.i if k == frame else hi, kinds)
                    if c.speaker
                ]
                if spoke:
                    return spoke[-1].entity, spoke[-1].type
        # In the pronoun's own sentence a name inside a subordinate clause is taken
        # only as a last resort: "Asked what the chance was for Reagan to cancel
        # ..., he said" is the interviewee of the sentence before.
        held: list[_Candidate] = []
        for k in window:
            lo, hi = ctx.frames[k]
            cands = self._candidates(lo, tok.i if k == frame else hi, kinds)
            if k == frame and ctx.parsed:
                held = [c for c in cands if self._embedded(c, tok)]
                cands = [c for c in cands if not self._embedded(c, tok)]
            if cands:  # a speaker over a subject over a mention; then the nearest
                best = max(
                    enumerate(cands),
                    key=lambda ic: (ic[1].speaker, ic[1].subject, ic[0]),
                )[1]
                return best.entity, best.type
        if held:
            return held[-1].entity, held[-1].type
        for m in reversed(ctx.mentions_before(tok.idx)):
            if m.type in kinds:
                return m.entity, m.type
        return None, None

    def _embedded(self, cand: _Candidate, pronoun: Token) -> bool:
        """True when the candidate sits in a clause subordinate to the pronoun's."""
        tok = self.doc[self.ctx.token_at(cand.char)]
        if tok.sent != pronoun.sent:
            return False
        above = set(t.i for t in pronoun.ancestors) | {pronoun.i}
        node = tok
        while node.i not in above and node.head.i != node.i:
            if node.dep_ in _SUBORDINATE_DEPS:
                return True
            node = node.head
        return False

    def _candidates(self, lo: int, hi: int, kinds: tuple[str, ...]) -> list[_Candidate]:
        ctx, doc = self.ctx, self.doc
        if lo >= hi:
            return []
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        out = []
        first = bisect_left(ctx._mention_starts, start)
        last = bisect_right(ctx._mention_starts, end)
        for m in ctx.mentions[first:last]:
            if (
                m.type in kinds
                and m.end <= end
                and ctx.quote_of[ctx.token_at(m.start)] < 0
            ):
                subject = self._is_subject(m)
                out.append(
                    _Candidate(
                        m.start, m.entity, m.type, subject, subject and self._speaks(m)
                    )
                )
        if "PERSON" in kinds:  # a surname the model did not tag, named in full before
            for i in range(lo, hi):
                t = doc[i]
                if (
                    t.pos_ == "PROPN"
                    and ctx.quote_of[i] < 0
                    and t.text[:1].isupper()
                    and ctx.mention_at(t) is None
                ):
                    name, kind = self._surname_match(t)
                    if name is not None and kind is not None:
                        out.append(
                            _Candidate(
                                t.idx,
                                name,
                                kind,
                                ctx.parsed and t.dep_ in _SUBJECT_DEPS,
                            )
                        )
        for found in self.found:
            if (
                found.cue is not None
                and found.how in CUED
                and lo <= found.cue < hi
                and found.speaker
                and found.speaker_type in kinds
            ):
                out.append(
                    _Candidate(
                        doc[found.cue].idx,
                        found.speaker,
                        found.speaker_type,
                        True,
                        True,
                    )
                )
        out.sort(key=lambda c: c.char)
        return out

    def _speaks(self, m: Mention) -> bool:
        """True when the mention is the subject of a reporting verb."""
        for i in self.ctx.token_range(m.start, m.end):
            head = self.doc[i].head
            if self.doc[i].dep_ in _SUBJECT_DEPS and self.is_cue(head):
                return True
        return False

    def _is_subject(self, m: Mention) -> bool:
        if not self.ctx.parsed:
            return False
        span = self.ctx.token_range(m.start, m.end)
        for i in span:
            tok = self.doc[i]
            if tok.head.i in span and tok.head.i != i:
                continue
            if tok.dep_ in _SUBJECT_DEPS:
                return True
            if (
                tok.dep_ in ("appos", "compound", "conj", "flat")
                and tok.head.dep_ in _SUBJECT_DEPS
            ):
                return True
        return False


def _skip_space(doc: Doc, i: int, step: int) -> int:
    """The first index from ``i`` (moving by ``step``) not a whitespace token."""
    while 0 <= i < len(doc) and doc[i].is_space:
        i += step
    return i


def lower_plural(tok: Token) -> str:
    """A plural noun's singular by the simplest rule ("sources" -> "source")."""
    lower = tok.lower_
    return lower[:-1] if lower.endswith("s") else lower


def _path(t: Token, top: Token) -> list[Token]:
    """Tokens from ``t`` up to (not including) ``top``."""
    out = []
    while t.i != top.i and t.head.i != t.i:
        out.append(t)
        t = t.head
    return out


def _typed_name(name: str, lex: EntityLexicon | None) -> tuple[str | None, str | None]:
    """An untagged speaker's name as a PERSON, unless the lexicons know it as an
    organisation ("Xinhua" -> Xinhua News Agency, ORG), a place, or a non-name."""
    if lex is None:
        return name, "PERSON"
    key = org_key(name)
    if key in lex.org_by_key:
        return lex.org_by_key[key], "ORG"
    if key in lex.place_by_key:
        return lex.place_by_key[key], "GPE"
    words = name.casefold().split()
    if key in lex.not_person or any(w.rstrip(".") in lex.not_names for w in words):
        return None, None
    return name, "PERSON"
