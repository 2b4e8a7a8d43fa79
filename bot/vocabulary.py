"""Words the matcher treats specially: stop-words, harmless filler, and word families.

Stop-words carry no meaning for matching. Filler words may appear in any on-topic question
without being "covered" by the matched fact ("exactly", "officially"); any other word the
question has and the fact base does not know marks the question as off-topic.
"""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
    a an the of in on at to for from by with and or but as is are was were be been being am
    it its this that these those there here do does did done has have had having can could
    would should will shall may might must i me my we our you your he she him her his they
    them their whom whose any some all about into onto
    than then so if not no yes just very also too up out over under again ever
    """.split()
)

# Words that name the subject every question shares; they neither help nor hurt a match.
NEUTRAL: frozenset[str] = frozenset(
    """
    abraham abrahamic accords accord deal deals agreement agreements pact israel israeli
    israels peace normalization normalisation ties relations
    """.split()
)

FILLER: frozenset[str] = frozenset(
    """
    tell know want like need give show explain say said says info information detail details
    exactly actually really basically officially formally first ever still now currently
    today anymore yet already please thanks thank ok okay kindly briefly quick quickly short
    summary summarize summarise overview remind wondering wonder curious question questions
    answer help understand mean means meaning something anything everything thing things
    much many lot lots bit little more most one ones part whole kind sort
    happened happen happens going go went get got make made way time times
    again exact precise precisely roughly approximately around about whats hows wheres
    someone somebody anyone anybody country countries nation nations state states
    deal deals agreement agreements accord accords abraham abrahamic pact treaty peace
    normalization normalisation normalize normalise normalized normalised relations ties
    israel israeli israels us usa america american washington
    """.split()
)

# Word families: every spelling on the left is read as the word on the right.
FAMILIES: dict[str, str] = {
    "joined": "join",
    "joining": "join",
    "joins": "join",
    "accede": "join",
    "acceded": "join",
    "accession": "join",
    "entered": "join",
    "entry": "join",
    "became": "become",
    "becomes": "become",
    "signed": "sign",
    "signing": "sign",
    "signs": "sign",
    "signature": "sign",
    "signatures": "sign",
    "signatory": "signer",
    "signatories": "signer",
    "signers": "signer",
    "members": "member",
    "membership": "member",
    "memberships": "member",
    "critics": "critic",
    "criticism": "critic",
    "criticisms": "critic",
    "criticise": "critic",
    "criticize": "critic",
    "criticized": "critic",
    "criticised": "critic",
    "critique": "critic",
    "critiques": "critic",
    "critical": "critic",
    "supporters": "supporter",
    "support": "supporter",
    "supported": "supporter",
    "defence": "defend",
    "defense": "defend",
    "defences": "defend",
    "defenses": "defend",
    "defended": "defend",
    "defending": "defend",
    "announced": "announce",
    "announcement": "announce",
    "announcing": "announce",
    "offered": "offer",
    "offers": "offer",
    "offering": "offer",
    "received": "get",
    "receive": "get",
    "gets": "get",
    "got": "get",
    "gained": "get",
    "gain": "get",
    "ratified": "ratify",
    "ratification": "ratify",
    "documents": "document",
    "texts": "text",
    "sources": "source",
    "citations": "source",
    "citation": "source",
    "cite": "source",
    "references": "source",
    "reference": "source",
    "events": "event",
    "years": "year",
    "dates": "date",
    "dated": "date",
    "happenings": "event",
    "news": "latest",
    "newest": "latest",
    "recent": "latest",
    "recently": "latest",
    "updates": "latest",
    "update": "latest",
    "last": "latest",
    "statuses": "status",
    "standing": "status",
    "weapons": "arm",
    "arms": "arm",
    "jets": "jet",
    "f35s": "f35",
    "palestinian": "palestinians",
    "palestine": "palestinians",
    "rewards": "reward",
    "incentives": "incentive",
    "concessions": "concession",
    "languages": "language",
    "signer": "signer",
    "names": "name",
    "named": "name",
    "called": "name",
    "call": "name",
    "criticisms.": "critic",
}


def family(word: str) -> str:
    """Return the family word for `word` (itself if it has none)."""
    return FAMILIES.get(word, word)
