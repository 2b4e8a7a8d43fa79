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
    myself yourself himself herself itself ourselves themselves
    than then so if not no yes just very also too up out over under again ever off down away
    through via
    """.split()
)

# Question words: they pick the kind of answer (a date, a place, a person), so they are
# matched on their own rather than as content.
WH_WORDS: frozenset[str] = frozenset(
    {"what", "which", "who", "whom", "when", "where", "why", "how"}
)

# Words that name the subject every question shares; they neither help nor hurt a match.
NEUTRAL: frozenset[str] = frozenset(
    """
    accords accord deal deals agreement agreements pact israel israeli
    israels peace normalization normalisation ties relations
    """.split()
)

FILLER: frozenset[str] = frozenset(
    """
    tell know want like need show explain say said says info information detail details
    exactly actually really basically officially formally ever anymore yet already please
    thanks thank ok okay kindly briefly quick quickly short summary summarize summarise
    overview remind wondering wonder wondered curious curiosity question questions answer
    understand mean means meaning something anything everything thing things much lot lots bit
    little more most one ones part whole kind sort happened happen happens going way time
    times again exact precise precisely roughly approximately around about whats hows wheres
    someone somebody anyone anybody
    israel israeli israels us usa america american americans washington united
    sorry dumb silly simple simply terms plain words word rundown brief heard hearing hear
    read reading keep trying try tried learn learning school project
    homework class teacher friend friends arguing argue debate wanted even just though
    could would might possibly perhaps maybe certain sure fact facts true real really
    talk talking discuss all everyone main key basic end up come came
    wait hmm hm um uh erm so anyway btw tbh imo ngl fyi atm tldr tl dr eli5 im like
    q qs n y sry srry legit fluff guy guys dude random wiki lol haha ok oh hiii heya
    fair accurate correct valid connection connections connected involvement involved
    right vs versus sentence sentences paragraph two three four five six seven eight nine ten
    """.split()
)

# Everyday verbs, adverbs and adjectives that say nothing about a topic. Nouns are kept out
# on purpose: "weather", "football" or "recipe" must stay unknown, so off-topic questions are
# recognised as such.
GENERIC: frozenset[str] = frozenset(
    """
    im ive id ill youre theyre thats theres isnt arent wasnt werent dont doesnt didnt cant
    wont couldnt wouldnt shouldnt hasnt havent hadnt lets
    stand stands standing stood count counts counted counting start starts started starting
    play plays played playing getting gets take takes took taken taking put puts putting
    bring brings brought end ended ending begin began begun beginning hold holds held holding
    become becomes becoming seem seems seemed look looks looked looking find found finding
    think thinks thought thinking believe believes believed feel felt keep kept
    done doing did does give gives gave given giving let lets letting use used using
    tell tells told telling ask asks asked asking see sees saw seen seeing
    few several many much each every both either neither other others another such same
    different certain whole entire overall general generally specific specifically
    basically essentially literally honestly frankly seriously totally completely fully
    exactly actually currently presently previously originally initially finally eventually
    already still yet ever never always often sometimes usually later earlier soon once twice
    back forward along across together apart away between since during after before until
    go goes went gone going come comes came coming
    found founded founder founders create created creator launch launched else far
    big small large huge major minor important importantly significant significantly
    good bad better worse best worst great nice fine okay ok
    new old recent recently latest early late lately
    sentence sentences paragraph paragraphs line lines point points
    possible possibly probably likely unlikely clearly obviously apparently
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
    "hate": "critic",
    "hates": "critic",
    "oppose": "critic",
    "opposes": "critic",
    "opposed": "critic",
    "opposition": "critic",
    "objection": "critic",
    "objections": "critic",
    "complaint": "critic",
    "complaints": "critic",
    "criticizing": "critic",
    "criticising": "critic",
    "favour": "supporter",
    "favor": "supporter",
    "benefit": "supporter",
    "benefits": "supporter",
    "achieve": "supporter",
    "achieved": "supporter",
    "achievement": "supporter",
    "achievements": "supporter",
    "advantage": "supporter",
    "advantages": "supporter",
    "upside": "supporter",
    "upsides": "supporter",
    "broker": "brokered",
    "brokers": "brokered",
    "brokering": "brokered",
    "mediate": "brokered",
    "mediated": "brokered",
    "mediating": "brokered",
    "mediation": "brokered",
    "mediator": "brokered",
    "commerce": "trade",
    "commercial": "trade",
    "story": "history",
    "background": "history",
    "relationship": "relations",
    "relate": "relations",
    "relates": "relations",
    "related": "relations",
    "relationships": "relations",
    "countries": "country",
    "states": "country",
    "state": "country",
    "nations": "country",
    "nation": "country",
    "named": "name",
    "money": "dollars",
    "vote": "ratify",
    "voted": "ratify",
    "threaten": "warn",
    "threatened": "warn",
    "warned": "warn",
    "warning": "warn",
    "said": "say",
    "says": "say",
    "saying": "say",
    "stop": "suspend",
    "stopped": "suspend",
    "halt": "suspend",
    "halted": "suspend",
    "pause": "suspend",
    "paused": "suspend",
    "freeze": "suspend",
    "froze": "suspend",
    "frozen": "suspend",
    "suspended": "suspend",
}


def family(word: str) -> str:
    """Return the family word for `word` (itself if it has none)."""
    return FAMILIES.get(word, word)


# English month names and their abbreviations, as questions and the facts' text write them.
MONTHS: dict[str, int] = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
