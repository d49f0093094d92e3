"""Stage 3 extraction, tariff actions: parsed ``Doc`` + money, dates, mentions ->
``list[Tariff]`` sorted by start.

Each tariff word ("tariffs", "duties", "levy") in a sentence is a candidate action.
Printed rates ("15 per cent", "25%", "100 pct") are attached to the tariff word
nearest to them in the dependency tree, so "the U.S. boosted tariffs ... to 145%,
and China raised levies ... to 125%" stays two actions. "from X to Y" pairs give
the previous and the new rate. Status comes from cue words on the path from the
tariff word up to its clause head ("moved to impose" -> imposed, "a delay on raising
tariffs" -> delayed); goods and their value from the "on"/"against" phrase; the
effective date from the nearest date in the same clause that is not the date of a
saying verb or of another event's clause ("When talks failed in late July, ...").
A tariff word without a rate makes a row only when a cue names an action.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from wirefacts.extract.rules import RuleSet
from wirefacts.extract.tariff_parts import (
    TariffLexicon,
    climb_clause,
    country_of,
    goods_head,
    goods_tokens,
    tariff_lexicon,
    tree_distance,
    tree_path,
)
from wirefacts.extract.titles import doc_text
from wirefacts.facts import DateFact, Mention, Money, Tariff

MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "npadvmod",
                           "quantmod"})


@dataclass(frozen=True, slots=True)
class Rate:
    """A printed percentage: its value, the token it hangs on and its preposition."""

    value: float
    anchor: Token
    role: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Action:
    """Rates grouped into one action on one tariff word."""

    trigger: Token
    rate: Rate | None
    previous: Rate | None


def is_trigger(token: Token, lex: TariffLexicon) -> bool:
    """A tariff noun about trade (not "electricity tariffs", "Tariff Commission")."""
    word = token.lower_
    if word not in lex.strong_triggers and word not in lex.weak_triggers:
        return False
    if token.ent_type_ in ("ORG", "LAW", "FAC", "WORK_OF_ART"):
        return False
    if any(child.lower_ in lex.non_trade for child in token.children):
        return False
    if token.dep_ == "compound" and token.head.lower_ not in lex.compound_heads:
        return False
    return token.pos_ in ("NOUN", "PROPN", "VERB", "ADJ")


def find_rates(sent: Span, lex: TariffLexicon) -> list[Rate]:
    """Tariff-like percentages of a sentence (not changes "by 3%" nor shares "of")."""
    rates = []
    for match in lex.rate_pattern.finditer(sent.text):
        start = sent.start_char + match.start()
        span = sent.doc.char_span(start, sent.start_char + match.end(),
                                  alignment_mode="expand")
        if span is None:
            continue
        anchor = span.root
        if anchor.dep_ == "nummod" and anchor.head.lower_ in lex.rate_units:
            anchor = anchor.head  # "15%-25%" is one token "15%-25" before "%"
        head = anchor.head
        of_objects = [g for c in anchor.children if c.lower_ == "of"
                      for g in c.children]
        if of_objects and not any(is_trigger(g, lex) for g in of_objects):
            continue  # "16 percent of its consumption": a share
        if anchor.dep_ == "pobj" and head.lower_ in lex.change_preps:
            continue
        if anchor.dep_ in MODIFIER_DEPS and head.pos_ in ("NOUN", "PROPN") and not (
                is_trigger(head, lex) or head.lower_ in lex.compound_heads):
            continue  # "a 50 pct increase", "91-percent opposition": not a tariff rate
        role = head.lower_ if anchor.dep_ == "pobj" else "mod"
        if anchor.dep_ == "conj":
            role = anchor.head.head.lower_ if anchor.head.dep_ == "pobj" else "mod"
        if anchor.dep_ == "pobj" and any(c.lower_ in lex.previous_adverbs
                                         for c in head.children):
            role = "from"  # "instead of the original 10 percent"
        rates.append(Rate(float(match.group(1)), anchor, role, start,
                          sent.start_char + match.end()))
    return rates + zero_rates(sent, lex)


def zero_rates(sent: Span, lex: TariffLexicon) -> list[Rate]:
    """A nil rate written as a word after "to": "reduce ... tariffs ... to zero"."""
    return [
        Rate(0.0, token, "to", token.idx, token.idx + len(token.text))
        for token in sent
        if token.lower_ in lex.zero_words and token.dep_ == "pobj"
        and token.head.lower_ == "to"
    ]


def pair_rates(trigger: Token, rates: list[Rate]) -> list[Action]:
    """Join adjacent "from X" / "to Y" rates, and a rate on the tariff word with a
    "to Y" or "from X" after it; every other rate is its own action."""
    actions = []
    ordered = sorted(rates, key=lambda r: r.anchor.i)
    n = 0
    while n < len(ordered):
        rate = ordered[n]
        nxt = ordered[n + 1] if n + 1 < len(ordered) else None
        if nxt is not None and {rate.role, nxt.role} == {"from", "to"}:
            new, old = (nxt, rate) if rate.role == "from" else (rate, nxt)
            actions.append(Action(trigger, new, old))
            n += 2
            continue
        if nxt is not None and rate.role == "mod" and rate.anchor.head == trigger \
                and nxt.role in ("from", "to"):
            # "its 19% tariffs ... to zero", "a 25 percent tariff instead of 10 percent"
            new, old = (nxt, rate) if nxt.role == "to" else (rate, nxt)
            actions.append(Action(trigger, new, old))
            n += 2
            continue
        if rate.role == "from":
            actions.append(Action(trigger, None, rate))
        else:
            actions.append(Action(trigger, rate, None))
        n += 1
    return actions


def status_of(trigger: Token, path: list[Token], action: Action,
              lex: TariffLexicon) -> str | None:
    """The action's status from cue words on the clause path, else from the rates."""
    best: str | None = None
    for token in path[1:]:
        status = lex.status_by_cue.get(token.lemma_.lower()) or lex.status_by_cue.get(
            token.lower_)
        if status and (best is None or lex.status_rank[status] > lex.status_rank[best]):
            best = status
        if status == "imposed" and any(
                child.lower_ in lex.future_auxiliaries for child in token.children):
            best = "planned" if best == "imposed" else best
    if best is None:
        for child in trigger.children:
            if child.dep_ in ("amod", "compound"):
                best = lex.status_by_cue.get(child.lower_) or best
    if best is None and action.rate and action.previous:
        if action.rate.value != action.previous.value:
            best = "raised" if action.rate.value > action.previous.value else "cut"
    return best


def _goods_prep_objects(tokens: Sequence[Token], lex: TariffLexicon,
                        date_tokens: set[int]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in lex.goods_preps:
                found.extend(g for g in child.children
                             if g.dep_ == "pobj" and g.i not in date_tokens)
    return found


def _actor(path: list[Token], lex: TariffLexicon) -> tuple[str | None, str | None]:
    """(imposer, target) named by the subjects of the verbs on the clause path."""
    for token in path:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        for child in token.children:
            if child.dep_ == "nsubjpass" and country_of(child, lex):
                return None, country_of(child, lex)  # "Switzerland was hit with ..."
            if child.dep_ == "nsubj":
                country = country_of(child, lex)
                if token.lemma_.lower() in lex.target_subject_verbs:
                    return None, country
                if country:
                    return country, None
            if child.dep_ == "agent":
                for pobj in child.children:
                    country = country_of(pobj, lex)
                    if country:
                        return country, None
    return None, None


def _effective_date(components: list[Token], dates: list[tuple[DateFact, Token]],
                    lex: TariffLexicon) -> DateFact | None:
    best: tuple[int, DateFact] | None = None
    for fact, root in dates:
        for comp in components:
            date_side, comp_side, common = tree_path(root, comp)
            if common.sent.start != root.sent.start or root.sent != comp.sent:
                continue
            distance = len(date_side) + len(comp_side)
            if distance > lex.max_date_distance:
                continue
            crossing = date_side[1:] + [common]
            if any(t.dep_ in lex.foreign_clause_deps
                   for t in [*date_side[1:], *comp_side]):
                continue
            if any(t.pos_ == "VERB" and t.lemma_.lower() in lex.reporting_verbs
                   for t in crossing):
                continue
            if root.dep_ in ("npadvmod", "advmod"):
                distance += 4  # "last week, Trump delayed": when said or done
            if best is None or distance < best[0]:
                best = (distance, fact)
    return best[1] if best else None


def _char_span(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def build_tariff(action: Action, path: list[Token], money: Sequence[Money],
                 dates: list[tuple[DateFact, Token]], lex: TariffLexicon,
                 date_tokens: set[int]) -> Tariff:
    """Fill one ``Tariff`` row from an action and its clause."""
    doc = action.trigger.doc
    trigger = action.trigger
    anchors = [r.anchor for r in (action.rate, action.previous) if r is not None]
    money_tokens = {t.i for m in money for t in doc.char_span(
        m.start, m.end, alignment_mode="expand") or ()}
    # "from 10 percent to 25 percent on $200 billion worth of ...": the parser may
    # hang the goods on a rate's preposition, or on a verb of the tariff word
    # ("tariffs to be imposed on 200 billion dollars of Chinese goods")
    rate_preps = [a.head for a in anchors if a.dep_ == "pobj"]
    tariff_verbs = [c for c in trigger.children
                    if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB"]
    objects = _goods_prep_objects([*anchors, *rate_preps, trigger, *tariff_verbs,
                                   *path], lex, date_tokens)
    goods = goods_value = goods_currency = target = None
    evidence = [*path, *anchors]
    if objects:
        pobj = objects[0]
        low, high = pobj.left_edge.idx, pobj.right_edge.idx + len(pobj.right_edge)
        value = next((m for m in money if m.converted_from is None
                      and low <= m.start and m.end <= high), None)
        if value is not None:
            goods_value, goods_currency = value.amount, value.currency
        head = goods_head(pobj, money_tokens, lex)
        target = country_of(head, lex)
        phrase = goods_tokens(head, lex)
        if target is None:
            goods = doc_text(doc)[phrase[0].idx:phrase[-1].idx + len(phrase[-1])]
            for token in [*phrase, *(g for c in head.children if c.lower_ == "from"
                                     for g in c.children)]:
                target = target or country_of(token, lex)
        evidence.extend(phrase)
    imposer = next((country_of(c, lex) for c in trigger.children
                    if c.dep_ in ("poss", "compound", "amod", "nmod")
                    and country_of(c, lex)), None)
    subject_imposer, subject_target = _actor(path, lex)
    imposer = imposer or subject_imposer
    target = target or subject_target
    if target == imposer:
        target = None
    components = [trigger, *anchors, *path[1:]]
    effective = _effective_date(components, dates, lex)
    top = path[-1]
    start, end = _char_span(evidence)
    for rate in (action.rate, action.previous):
        if rate is not None:
            start, end = min(start, rate.start), max(end, rate.end)
    if effective is not None:
        start, end = min(start, effective.start), max(end, effective.end)
    subjects = [c for c in top.children if c.dep_ in ("nsubj", "nsubjpass")
                and c.i < top.i]
    if subjects:  # the nearest subject: "China then raised levies ..."
        start = min(start, subjects[-1].left_edge.idx)
    start = min(start, top.idx)
    return Tariff(
        text=doc_text(doc)[start:end], start=start, end=end, imposer=imposer,
        target=target,
        rate=action.rate.value if action.rate else None,
        previous_rate=action.previous.value if action.previous else None,
        goods=goods, goods_value=goods_value, goods_currency=goods_currency,
        effective_date=effective.value if effective else None,
        status=status_of(trigger, path, action, lex),
    )


def _date_roots(doc: Doc, dates: Sequence[DateFact]) -> list[tuple[DateFact, Token]]:
    roots = []
    for fact in dates:
        if not fact.value:
            continue
        span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
        if span is not None and len(span):
            roots.append((fact, span.root))
    return roots


def actions_in_sentence(sent: Span, lex: TariffLexicon) -> list[Action]:
    """Tariff actions of one sentence: rates grouped on their nearest tariff word."""
    triggers = [t for t in sent if is_trigger(t, lex)]
    if not triggers:
        return []
    by_trigger: dict[int, list[Rate]] = {t.i: [] for t in triggers}
    for rate in find_rates(sent, lex):
        nearest = min(triggers, key=lambda t: (tree_distance(rate.anchor, t),
                                               abs(t.i - rate.anchor.i)))
        if tree_distance(rate.anchor, nearest) <= lex.max_rate_distance:
            by_trigger[nearest.i].append(rate)
    actions = []
    for trigger in triggers:
        rates = by_trigger[trigger.i]
        if rates:
            actions.extend(pair_rates(trigger, rates))
        elif trigger.lower_ in lex.strong_triggers:
            actions.append(Action(trigger, None, None))
    return actions


def find_tariffs(doc: Doc, money: Sequence[Money], dates: Sequence[DateFact],
                 mentions: Sequence[Mention], rules: RuleSet) -> list[Tariff]:
    """One ``Tariff`` per tariff action in the document, sorted by start.

    ``mentions`` are accepted for the pipeline's uniform signature; country names
    come from the entity labels on ``doc`` and the country lexicon.
    """
    lex = tariff_lexicon(rules)
    date_roots = _date_roots(doc, dates)
    date_tokens = {t.i for fact in dates for t in doc.char_span(
        fact.start, fact.end, alignment_mode="expand") or ()}
    found: list[Tariff] = []
    for sent in doc.sents:
        actions = actions_in_sentence(sent, lex)
        if not actions and found:
            found = _carry_effective_date(sent, found, date_roots, lex)
        for action in actions:
            path = climb_clause(action.trigger, lex)
            status = status_of(action.trigger, path, action, lex)
            anchors = [r.anchor for r in (action.rate, action.previous) if r]
            direct = any(tree_distance(a, action.trigger) <= 2 for a in anchors)
            if status is None and not direct:
                continue
            found.append(build_tariff(action, path, money, date_roots, lex,
                                      date_tokens))
    return sorted(found, key=lambda t: (t.start, t.end))


def _carry_effective_date(sent: Span, found: list[Tariff],
                          dates: list[tuple[DateFact, Token]],
                          lex: TariffLexicon) -> list[Tariff]:
    """Give an effect sentence's date to the undated rates just before it.

    "... additional tariffs of 10 percent ... The new tax rates will take effect
    at 12:01 p.m. Beijing time on Sept. 24": only when the sentence has a cue
    ("take effect", "come into force") and exactly one date, and only to rows of
    the previous sentence that carry a rate and no date of their own.
    """
    if not any(t.lemma_.lower() in lex.effect_cues for t in sent):
        return found
    in_sent = [fact for fact, root in dates if root.sent == sent]
    if len(in_sent) != 1 or len(in_sent[0].value or "") < 10:
        return found
    previous = sent.doc[sent.start - 1].sent if sent.start > 0 else None
    if previous is None:
        return found
    low, high = previous.start_char, previous.end_char
    return [
        replace(t, effective_date=in_sent[0].value)
        if low <= t.start < high and t.rate is not None and t.effective_date is None
        else t
        for t in found
    ]
