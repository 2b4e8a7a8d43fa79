"""Every weight and threshold of ranking and deciding, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RankPolicy:
    """Weights of unit ranking and the gates of answering from a unit."""

    bm25_k1: float = 1.2
    bm25_b: float = 0.6
    entity_in_text: float = 0.8
    entity_in_other_subject: float = 0.6
    entity_other: float = 0.15
    all_named_bonus: float = 0.25
    entity_prior: float = 1.0
    kind_miss: float = 0.55
    kind_secondary: float = 0.8
    time_undated: float = 0.7
    time_match: float = 1.3
    time_miss: float = 0.4
    topic_match: float = 1.6
    min_coverage: float = 0.6
    min_score: float = 3.0
    min_lead: float = 1.15
    claim_lead: float = 0.34
    unnamed_coverage: float = 0.7


@dataclass(frozen=True, slots=True)
class KindPolicy:
    """The thresholds of the routes that decide on the kind asked (`by_kind`)."""

    offtopic_floor: float = 0.7
    """Off-topic must be this probable, and the top kind, before a question is refused for it."""
    offtopic_sure: float = 0.8
    """…this probable, it is refused even when every word it uses is known to the facts."""
    on_topic_floor: float = 0.5
    """Another kind this probable means the question asks something of the accords after all
    (a fit that weighs every kind alike reads a second kind at 0.35 to 0.5 beside a plain
    off-topic one: "how cold does it get in Astana in January?")."""
    offtopic_veto: float = 0.5
    """Off-topic this probable keeps a kind read beside it from answering on its own: the
    reading is split, and the rest of the pipeline decides…"""
    veto_gap: float = 0.3
    """…unless that kind is read this much more surely ("why peace now?": a reason at 0.94
    beside off-topic at 0.52)."""
    fallback_floor: float = 0.5
    """A kind must be this probable to answer a question the rest of the pipeline did not."""
    asked_floor: float = 0.5
    """Every kind this probable counts as asked (a question may ask two)."""
    alike_margin: float = 0.15
    """A kind read within this of the top one is asked as much: an answer stating it stands."""
    analytic_floor: float = 0.3
    """Why, what changed…: this probable, findings replace an answer of another kind."""
    sure_floor: float = 0.9
    """…and this probable, findings replace it even when it shares more words with the question."""
    last_floor: float = 0.3
    """…and this probable, when the pipeline gave no answer."""
    second_floor: float = 0.3
    """A second kind this probable, of the other family than the first, is answered too."""
