"""Sentence structure that decides what a phrase does: a command or a description, a threat, blame or a wall.

The lexicon says which words can carry a category; the shape of the sentence says whether they do here.
- Word sense by position: "relax", "move on", "calm down" tell the client what to feel only as an *imperative* —
  first in their clause ("Relax.", "Okay, just calm down"), after "you need to / you should / let's", never
  after "to", a helper verb or a noun ("help everyone relax", "how do you relax", "want to move on").
- Set phrases that are only dismissive when they stand *alone* ("It happens.", "Whatever.", "Good for you.")
  and ordinary words inside a longer clause ("next time it happens", "what is good for you").
- Structures with no fixed wording (``structural_hits``): a conditional threat ("if you don't …, I'll have …",
  "behave or you're out", "I'm giving you until six, then the bed goes"),
  blame by a past modal ("you should have …", "you knew …", "if you had just …"), an imperative about the client's
  feelings or voice ("don't be so upset", "stay calm", "stop crying"), policy as a wall ("that's how it works
  here": it dismisses the concern, so minimising, as the test sets' conventions say), entitlement put-downs
  ("nobody owes you anything"), a stressed "did" for someone else ("the council *did* send someone round"), an
  acknowledgement that turns on "but" against the client's account ("yeah but you signed the tenancy") and someone
  else who "doesn't do that for nothing", all of which argue with the client's account.
- The client's own words echoed back ("so you want to move on") are the client's, not the trainee's judgment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_deesc.wording.question_words import AUX
from voice_deesc.wording.text import CLAUSE_PUNCT, SENTENCE_END, NormalText, word_set

LEAD_WORDS = word_set(
    """just please now and so then okay ok well hey oh but really all right first simply come on look listen
    alright yeah yes no seriously honestly sir maam ma'am guys man buddy everyone everybody"""
)
"""Words that may stand before an imperative at the start of its clause ("okay, just calm down")."""
ADDRESS_FRAMES = (
    ("you", "need", "to"),
    ("you", "have", "to"),
    ("you", "got", "to"),
    ("you", "have", "got", "to"),
    ("you", "ought", "to"),
    ("you", "should"),
    ("you", "must"),
    ("you", "better"),
    ("you", "had", "better"),
    ("i", "need", "you", "to"),
    ("i", "want", "you", "to"),
    ("let", "us"),
    ("told", "you", "to"),
    ("tell", "you", "to"),
    ("telling", "you", "to"),
    ("asked", "you", "to"),
    ("asking", "you", "to"),
    ("why", "can", "not", "you"),
    ("why", "do", "not", "you"),
    ("can", "you"),
    ("could", "you"),
    ("will", "you"),
    ("would", "you"),
)
"""Frames that address an instruction to the client; the imperative follows them ("you need to calm down")."""
COORDINATORS = word_set("""and then or""")
OTHER_SUBJECTS = word_set("""i we he she they people everyone everybody my our his her their""")
"""A verb joined by "and/then" to a sentence about someone else continues their description ("I pray, then move
on"), it does not address the client."""
ACKNOWLEDGED = word_set("""sorry know understand see hear you get it that""")
"""How a spoken acknowledgement ends ("I'm sorry", "I know", "I hear you", "I get it"): with "but" after it and no
comma from a recogniser, what follows starts a new clause ("i'm sorry but try not to panic")."""
ALONE_FILLERS = word_set(
    """just well oh hey okay ok so yeah sometimes these those things stuff hmm mm i mean look sure you know and but
    honestly really"""
)
"""Words that may share a clause with a phrase that only counts when it stands alone ("well, it happens")."""
PLAIN_CLAUSE_OPENERS = word_set("""i we believe do go fine okay just leave forget sure""")
ECHO_SUBJECTS = word_set("""you your""")
ECHO_FRAMES = word_set(
    """feel feels felt feeling think thinks thought thinking said say saying says want wants wanted wanting wish
    wished hope hoping plan planning decided deciding believe believed mentioned telling told tried trying ready
    afraid scared worried worry struggling sense idea plan goal"""
)
"""Words by which the trainee hands the echoed words back to the client ("you feel you should move on")."""
MIN_ECHO_WORDS = 2


def is_imperative(normal: NormalText, first: int) -> bool:
    """True when the words at token ``first`` are an instruction to the client, not a description of someone.

    Examples
    --------
    >>> is_imperative(normalise("Okay, just relax."), 3)
    True
    >>> is_imperative(normalise("A bath helps me relax."), 4)
    False
    >>> is_imperative(normalise("You need to calm down"), 3)
    True
    """
    words = normal.words()
    i = first - 1
    while i >= 0 and words[i] in LEAD_WORDS:
        i -= 1
    if i < 0 or words[i] in SENTENCE_END or words[i] in CLAUSE_PUNCT:
        coordinated = any(w in COORDINATORS for w in words[i + 1 : first])
        return not (coordinated and _sentence_subject(words, i) in OTHER_SUBJECTS)
    if words[i] in ACKNOWLEDGED and "but" in words[i + 1 : first] and _acknowledgement(words, i):
        return True
    if "so" in words[i + 1 : first] and not any(t.is_punct for t in normal.tokens):
        return True  # a recogniser's "nobody's taking your flat so stop shouting": "so" opens the order
    for frame in ADDRESS_FRAMES:
        lo = first - len(frame)
        j = lo
        while j >= 0 and tuple(words[j : j + len(frame)]) != frame and j > lo - 2:
            j -= 1  # "you need to just calm down": up to two lead words between the frame and the verb
        if j >= 0 and tuple(words[j : j + len(frame)]) == frame:
            between = words[j + len(frame) : first]
            if all(w in LEAD_WORDS for w in between):
                return True
    return False


def _acknowledgement(words: list[str], end: int) -> bool:
    """Token ``end`` closes a short acknowledgement by the speaker: "(i am) sorry", "i know", "i hear you", "i get
    it" - not "I wanted to see it", whose "but" joins a second verb of the same sentence."""
    start = end
    while start > 0 and end - start < 2 and words[start - 1] not in SENTENCE_END and words[start - 1] != "i":
        start -= 1
    opens = start == 0 or words[start - 1] in SENTENCE_END or words[start - 1] in CLAUSE_PUNCT
    return (start > 0 and words[start - 1] == "i") or (opens and words[end] == "sorry")


def _sentence_subject(words: list[str], i: int) -> str:
    """The first word of the sentence that holds token ``i`` (after lead words): who the sentence is about."""
    while i >= 0 and words[i] not in SENTENCE_END:
        i -= 1
    i += 1
    while i < len(words) and words[i] in LEAD_WORDS:
        i += 1
    return words[i] if i < len(words) else ""


def fills_clause(normal: NormalText, first: int, stop: int) -> bool:
    """True when the phrase at [first, stop) is its clause, give or take fillers ("Well, it happens.").

    Recogniser text has no commas: a phrase that opens such a reply stands alone when a new clause follows it
    ("whatever i do not care", "good for you i guess").
    """
    words = normal.words()
    if first == 0 and not any(t.is_punct for t in normal.tokens) and stop < len(words):
        return words[stop] in PLAIN_CLAUSE_OPENERS
    i = first - 1
    while i >= 0 and words[i] not in SENTENCE_END and words[i] not in CLAUSE_PUNCT:
        if words[i] not in ALONE_FILLERS:
            return False
        i -= 1
    j = stop
    while j < len(words) and words[j] not in SENTENCE_END and words[j] not in CLAUSE_PUNCT:
        if words[j] not in ALONE_FILLERS:
            return False
        j += 1
    return True


def is_echo(normal: NormalText, first: int, stop: int, client: NormalText | None) -> bool:
    """The flagged words repeat the client's own words inside a clause about the client ("you want to move on").

    A trainee who says back "you feel you should just get over it" reflects the client's words; saying it to them
    ("just get over it") is the trainee's judgment, so the phrase must sit after "you"/"your" in its sentence.
    """
    if client is None or stop - first < MIN_ECHO_WORDS:
        return False
    phrase = " " + " ".join(normal.words()[first:stop]) + " "
    if phrase not in " " + client.string + " ":
        return False
    words = normal.words()
    i = first - 1
    framed = False
    while i >= 0 and words[i] not in SENTENCE_END:
        framed = framed or words[i] in ECHO_FRAMES
        if words[i] in ECHO_SUBJECTS and framed:
            return True
        i -= 1
    return False


@dataclass(frozen=True)
class StructuralHit:
    """A category found by sentence shape: its token span and a short message."""

    category: str
    first: int
    stop: int
    message: str


_CLAUSE_OPENS = r"(?:^|(?<=[.?!,;] ))"
"""Where a clause opens in the normal form: at the start, or after a mark and its space."""
_FEELING_ADJ = (
    r"(?:upset|angry|mad|sad|scared|afraid|worried|anxious|nervous|emotional|dramatic|negative|sensitive|"
    r"hysterical|worked up|bent out of shape|down|frustrated|stressed|depressed|paranoid|loud|rude)"
)
_SANCTION = (
    r"(?:call (?:security|the police|the cops|nine one one|911|the guard|my (?:manager|supervisor))|"
    r"have (?:you|security|someone|somebody) (?:remove|escort|arrest|take|leave|throw|kick|walk|show)\w*|"
    r"ask you to leave|report (?:you|this|it)|discharge you|remove you|kick you|throw you|ban you|"
    r"write (?:you|this|it) up|cancel (?:your|the)|"
    r"end (?:this|the|our) (?:conversation|meeting|call|visit|session|appointment)|"
    r"take (?:away|your|it away)|give (?:your|the) (?:bed|spot|place|room) to|stop (?:helping|working with) you|"
    r"(?:have|need) to (?:call|ask you|report|remove|discharge|end|let you go|take)|not be able to help you)"
)
_CONDITION = (
    r"(?:(?:keep|any more of|any more|one more|another|raise|say|try|carry on|miss|skip|refuse|touch|relapse|use|"
    r"drink|do (?:that|it|this))\b"
    r"[^.?!;,]{0,40}?\band\b|either you\b[^.?!;]*?\bor\b|"
    r"if you (?:\w+ ){0,2}?(?:do not|will not|can not|keep|continue|carry on|go on|refuse|are not|ever)|"
    r"if you (?:\w+ ){1,4}?(?:again|one more time|once more|like that|any more|anymore)|unless you|"
    r"if (?:i|we) (?:hear|see|catch|get|find) (?:you|one more|another|any more)|next time you|"
    r"if (?:that|this|it) (?:\w+ ){0,2}?(?:happens again|turns into|carries on|keeps happening|continues)|"
    rf"{_CLAUSE_OPENS}(?:\w+ ){{1,4}}?again and\b|{_CLAUSE_OPENS}either (?:\w+ ){{1,5}}?or\b|"
    r"you have (?:got )?(?:(?:\w+ ){1,2}(?:minutes?|seconds?|hours?)|(?:until|till) \w+) to|"
    r"(?:i am|we are) giving you (?:until|till|\w+ (?:minutes?|hours?|days?))\b)"
)
_CONDITION_AFTER = (
    r"(?:if you (?:\w+ ){0,2}?(?:do not|will not|can not|are not|keep|continue|carry on|go on|refuse|ever)|unless you|"
    r"if (?:this|that|it) (?:keeps up|keeps happening|happens again|carries on|continues))"
)
"""The condition said after its penalty ("your bed's gone if you're not back by nine", "you'll be on the curb if this
keeps up"): the same threat as "if you're not back by nine your bed's gone"."""
_YOU_LOSE = (
    r"(?:you|your \w+) will (?:\w+ )?(?:lose|be (?:removed|discharged|asked to leave|kicked|thrown|banned|out|escorted|"
    r"reported|suspended|cancelled|cut off|trespassed|terminated|finished|done)|"
    r"not (?:get|be getting|be using|be allowed|be welcome|see|use)|never (?:get|see)|have to leave|"
    r"get (?:nothing|kicked|thrown|banned))|"
    r"there will be no (?:more )?\w+|(?:that is|it is) your \w+ (?:gone|finished|over)|"
    r"(?:the|your) (?:bed|room|place|spot|space|flat|voucher) (?:goes|is gone|gone|is going)|"
    r"you can (?:go (?:and )?)?(?:find|look for) (?:another|somewhere|someone|a new)"
)
"""What the client will lose, including being shown the door ("if you can't stick to curfew you can find another
house"): after a condition only, since "you can find another worker if you'd rather" offers a choice."""
_SANCTION_NOW = (
    r"(?:(?:i|we) (?:am|are) (?:ending|calling|reporting|removing|discharging|kicking|throwing|cancelling|leaving|"
    r"phoning|ringing|telling|pressing charges|closing|suspending|banning|barring|striking you off|signing you off|"
    r"asking you to leave|done|walking out|getting security|writing)|"
    r"(?:i|we) (?:am|are|will) not (?:be )?(?:putting|giving|holding|keeping|signing|renewing|referring|backing|"
    r"burning|wasting|doing you any)\b|"
    r"you are off (?:the|your|this) \w+|"
    r"(?:i|we) (?:am|are) (?:taking|confiscating) (?:it|that|this|them|(?:your|the) \w+)(?: away| off you)?|"
    r"(?:security|the police|the cops|the guard|someone) (?:is|are|will be) (?:coming|called|on (?:its|their) way)|"
    r"you are (?:done|out|finished|gone|leaving)|we are (?:finished|done) here)"
)
_THIRD_PARTY = (
    r"(?:(?:the|your) (?:\w+ ){0,2}?(?:will|is going to|are going to|is gonna) (?:(?:stop|close|cancel|pull|take) "
    r"(?:your|you)\b|sanction|issue|hear|section|evict|ban|bar|sedate|report|throw|kick|remove|arrest|have you)|"
    r"(?:someone|somebody|they|social services|the police) (?:will|(?:is |are )?going to) "
    r"(?:ring|call|report|section|sedate|arrest|take|stop|hear)|"
    r"(?:your|the) (?:\w+ ){0,2}?(?:gets|goes|is going|will go|is getting|will be) (?:closed|cancelled|stopped|"
    r"suspended|given away|to (?:the )?next|a phone call|a call)|"
    r"(?:it is|that is) back to (?:the )?\w+ for you|"
    r"you (?:will|are going to) (?:be leaving|find out|regret|be out|be on the (?:street|streets|curb|kerb|pavement)))"
)
"""A penalty the speaker sets in motion through someone else ("... and the job centre will sanction you", "...
someone's going to ring social services", "... and it's back to the ward for you"): a threat all the same when a
condition leads to it."""
_COMING = r"(?:the|your) (?:\w+ )?(?:manager|security|police|guard|supervisor|doctor) (?:is |are )?coming"
"""Someone with power on the way ("... or the manager's coming over")."""
_SPEAKER_SANCTION = rf"(?:i|we) (?:will|am going to|are going to|shall) (?:\w+ ){{0,3}}?{_SANCTION}"
"""A penalty the speaker will bring ("... or I'll have you removed"); what may follow on its own ("ring them today or
you'll lose the place") is a warning, which the ultimatum after "or" leaves out."""
_CONSEQUENCE = (
    rf"(?:(?:i|we) (?:will|am going to|are going to|shall|would|may|might) (?:\w+ ){{0,3}}?{_SANCTION}|"
    rf"{_YOU_LOSE}|{_SANCTION_NOW}|{_THIRD_PARTY})"
)
_TROUBLE_FOLLOWS = (
    r"(?:(?:this|that|it|none of this|all this) would (?:not |never )?(?:keep happening|be happening|have happened|"
    r"happen)|you would (?:not|never) (?:be|have been|have got|get) (?:in this|here|in trouble|in this mess|"
    r"in this situation|in this position|sanctioned|barred|kicked out)|we would not be (?:here|having this))"
)
"""What follows a condition the client failed, said as their trouble: "this wouldn't keep happening", "you wouldn't
be in this mess", "none of this would have happened"."""
_AMOUNT = (
    r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"a few|a couple of|a hundred|\w+ hundred|\d+"
)
_UNIT = r"minutes?|hours?|days?|nights?|weeks?|months?|metres?|meters?|miles?|yards?|stops?"
"""A number of something the client has to bear: time or distance."""
_IRREGULAR_PASSIVE = word_set("""kept left put sent paid housed moved let cut held""")
"""Participles without "-ed"/"-en" after "you should have been": "kept in the loop", "left out in the cold", "put
on the list" say what the client was owed, not what they did."""
_IRREGULAR_PASSIVE_RE = "|".join(sorted(_IRREGULAR_PASSIVE))
_PARTICIPLE_EXCUSE = word_set(
    """told given informed offered warned treated called notified helped seen heard asked shown supported included
    allowed protected believed consulted"""
)
_INTENSIFIER = (
    r"a bit|a little|a touch|a tad|so|really|very|way too|too|quite|pretty|bloody|kind of|rather|just|totally|"
    r"completely|incredibly|extremely"
)
_BEING_PRAISE = (
    r"brave|honest|strong|patient|kind|careful|sensible|reasonable|fair|open|responsible|mature|generous|thoughtful|"
    r"gentle|hard|wise|smart|clear|realistic|good|great|calm|quiet|polite|supportive|helpful|nice|cooperative|"
    r"proactive|yourself|there|here|a|an|the|so good|really good"
)
"""After "you are being": a way of acting the helper praises or only notices ("you're being so patient", "you're
being hard on yourself", "you're being there for her"), or an article that starts a noun the adjective rule cannot
judge."""
_BEING_PARTICIPLE = (
    r"kept|left|sent|spent|lent|built|dealt|meant|felt|shut|cut|put|let|hit|set|held|heard|lost|found|said|laid|read|"
    r"made|paid|sold|hurt|done|run|got|taught|caught|brought|bought|fought|sought|told|\w+(?:ed|en|wn)"
)
"""After "you are being": a passive ("you're being kept in the dark", "you're being pushed out") says what is done
to the client, which validates rather than judges."""
_ACKNOWLEDGED_BUT = (
    rf"{_CLAUSE_OPENS}(?:(?:oh|well|okay|ok|look) (?:, )?)?(?:yes|yeah|yep|sure|right|true|fair enough|okay|ok|"
    r"i hear you|i get that|i get it|i know|i understand|i see that|i know that)(?: , | )but (?:, )?"
)
"""An acknowledgement that opens its sentence and turns on "but" ("yes, but", "I hear you, but", "fair enough, but")."""
_TURNED_ON_THE_CLIENT = (
    r"(?:you (?:were the one|did agree|signed|agreed|told me|said|knew|chose|refused|turned (?:it |that )?down|ignored|"
    r"were told|were warned|were given)\b|"
    r"(?:that|it|this) is not (?:really |actually |quite )?(?:how|what|the whole|the full|true|right|the case)\b|"
    r"(?:the fact is|the thing is|the truth is|the facts are)\b|"
    r"(?:the|your|he|she|they)(?: \w+){0,3}? (?:has|have) (?:his|her|their|its) (?:side|reasons|version)\b|"
    r"(?:the|your|he|she|they)(?: \w+){0,3}? can not be blamed\b)"
)
"""After "yes, but": the client's own act held against them ("yeah but you signed the tenancy"), their account denied
("that's not really how the points system works", "the fact is ..."), or the other side defended ("the landlord has
his side of it too"). What else may follow "but" (an offer, a plan, "that's not your fault") is not arguing."""
_HELD_UP = (
    rf"{_CLAUSE_OPENS}(?:hold on|hang on|hold up|wait|wait a (?:minute|second|sec|moment)|come on|come off it|whoa)"
    r"(?: , | )(?:now (?:, )?)?"
)
_HELD_AGAINST = (
    r"(?:you (?:were the one|did agree|signed|agreed|knew|chose|refused|turned (?:it |that )?down|ignored|"
    r"were told|were warned|were given)\b|"
    r"(?:that|it|this) is not (?:really |actually |quite )?(?:how|what|true|right|the case)\b)"
)
"""After "hold on" or "come on": the client's own act held against them ("hang on, you agreed to the plan") or their
account denied. "Hold on, you said they kept your ID?" checks what the client said and is not among these."""
_FOR_NO_REASON = (
    r"(?<!\byou )(?<!\bi )(?<!\bwe )\b(?:do|does|did|would|will) not (?:just )?(?:\w+ ){1,5}?"
    r"(?:for nothing|for no reason|for no good reason|out of nowhere)(?= *(?:[.!;,]|$))"
)
"""Someone else who "doesn't do that for nothing" ("they don't just cut you off for nothing", "drivers don't do that
for no reason"): the other party defended against the client's account. "You didn't come all this way for nothing"
(about the client or the speaker) reassures; a question ("did they ... for no reason?") has no "not" there."""
_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "arguing",
        re.compile(_ACKNOWLEDGED_BUT + _TURNED_ON_THE_CLIENT),
        "acknowledges, then turns on 'but' to argue the client's account",
    ),
    (
        "arguing",
        re.compile(_HELD_UP + _HELD_AGAINST),
        "stops the client to argue their account",
    ),
    (
        "arguing",
        re.compile(_FOR_NO_REASON),
        "defends the other side against the client's account",
    ),
    (
        "threat_ultimatum",
        re.compile(rf"\b{_CONDITION}\b[^.?!;]*?\b{_CONSEQUENCE}\b"),
        "sets a condition with a penalty, which lands as a threat",
    ),
    (
        "threat_ultimatum",
        re.compile(rf"\b{_CONSEQUENCE}\b[^.?!;]*?\b{_CONDITION_AFTER}\b"),
        "sets a condition with a penalty, which lands as a threat",
    ),
    (
        "threat_ultimatum",
        re.compile(rf"\b(?:do|say|try|pull) (?:that|this|it) (?:again|one more time) and\b[^.?!;]*?\b{_CONSEQUENCE}"),
        "sets a condition with a penalty, which lands as a threat",
    ),
    (
        "threat_ultimatum",
        re.compile(
            r"\b(?:i|we) (?:am|are|will|am going to|are going to|will be) (?:reporting|report|writing|write) "
            r"(?:this|you|it) (?:to|up|in)\b|"
            r"\b(?:i|we) (?:can|will|could) have you (?:\w+ed|removed|thrown out|taken)\b|"
            r"\b(?:i|we) will make sure (?:your|the) \w+ (?:\w+ )?(?:hears|knows|finds out|is told)\b|"
            r"\b(?:your|the) (?:benefits|bed|spot|place|housing|voucher|appointment|room|payments) will be "
            r"(?:suspended|cancelled|taken|given away|cut|stopped|pulled)\b"
        ),
        "reports the client to an authority, which lands as a threat",
    ),
    (
        "threat_ultimatum",
        re.compile(r"\b(?:either you\b[^.?!;]*?\bor (?:i|we|you)\b[^.?!;]*?\b(?:will|are going to)\b \w+)"),
        "sets an ultimatum, which raises the stakes",
    ),
    (
        "threat_ultimatum",
        re.compile(  # the evidence is the penalty, to the end of its clause: "I'm calling security"
            rf"(?<=\bbefore )(?:i|we) (?:have|need) to {_SANCTION}[^.?!;,]*|"
            rf"(?:(?<=\bor )|(?<=\bor else ))(?:{_SPEAKER_SANCTION}|{_SANCTION_NOW}|{_THIRD_PARTY}|{_COMING})\b"
            r"(?! (?:you |them )?back\b)[^.?!;,]*"
        ),
        "sets an ultimatum, which raises the stakes",
    ),
    (
        "validation",
        re.compile(
            r"\b(?:they|he|she|somebody|someone|nobody|no one|(?:the|your|that|this) (?:\w+ ){0,2}?\w+) "
            r"(?:really |honestly |definitely )?(?:should|ought to) (?:not |never )?have "
            r"(?:been )?(?:\w+(?:ed|en|wn)|told|given|kept|sent|put|paid|made|let|done|gone|spoken|rung|seen)\b"
            r"(?=[^.?!;,]{0,40}?\b(?:you|your)\b)|"
            r"\byou (?:really |honestly |definitely )?(?:should|ought to) (?:never )?have been "
            rf"(?:{_IRREGULAR_PASSIVE_RE}|told|given|offered|warned|treated|informed|helped|seen|heard|asked|shown|"
            r"supported|included|allowed|protected|believed|consulted|notified)\b"
        ),
        "says someone should have done better by the client, which takes their side",
    ),
    (
        "judgment_blame",
        re.compile(
            r"\byou (?:really |probably |just |honestly )?(?:should|ought to) (?:not |never )?have (?!had to\b)(\w+)"
        ),
        "looks back at what the client should have done, which lands as blame",
    ),
    (
        "judgment_blame",
        # Spoken with its subject dropped ("Should've looked after your teeth", "should have rung them first"): still
        # addressed to the client. A question keeps its subject ("should I have rung?"), and the speaker's own slip
        # comes with its apology ("should have rung you back, sorry").
        re.compile(
            rf"{_CLAUSE_OPENS}(?:(?:well|honestly|look|oh|so|mate|maybe|really) (?:, )?)?"
            r"(?:should|ought to) (?:not |never )?have (?!had to\b)(\w+)"
            r"(?![^.?!]*\b(?:sorry|apologies|my bad|my fault)\b)"
        ),
        "looks back at what the client should have done, which lands as blame",
    ),
    (
        "judgment_blame",
        re.compile(
            rf"\byou are (?:just |now |really )?being (?:(?:{_INTENSIFIER}) )?"
            rf"(?!(?:{_BEING_PRAISE}|{_BEING_PARTICIPLE}|{_INTENSIFIER})\b)[a-z]+\b"
        ),
        "judges how the client is acting, which lands as blame",
    ),
    (
        "judgment_blame",
        re.compile(
            r"\byou knew (?:full well|perfectly well|better|the|what would|what was|it was|this would|that would)"
        ),
        "says the client knew better, which lands as blame",
    ),
    (
        "judgment_blame",
        re.compile(
            r"\bif you (?:had|would) (?:just |only |simply )?(\w+(?:ed|en|ne|wn|ld|ght|id|ept|eft|ayed)) |"
            # "if you'd got here on time", "if you had come in earlier": where the client should have been
            r"\bif you (?:had|would) (?:just |only |simply )?(?:got|come) "
            r"(?:here|there|in|up|back|home|earlier|sooner)\b|"
            # "If you kept track of things you wouldn't be in this mess", "had you turned up, none of this would have
            # happened": a condition the client failed, and the trouble as what follows from it. "If you applied
            # today you wouldn't get it until May" names no trouble and is information.
            rf"\b(?:if you|had you) (?:\w+ ){{1,6}}?(?:,? )?{_TROUBLE_FOLLOWS}"
        ),
        "replays what the client could have done, which lands as blame",
    ),
    (
        "judgment_blame",
        re.compile(
            r"\b(?:nobody|no one|the world|we|i|they|society) (?:does not |do not |is not |)"
            r"(?:owes?|owe) you (?:anything|a thing|a living|nothing|special treatment)|"
            r"\byou are not (?:entitled|owed|special|the only one (?:here|waiting|with problems))|"
            r"\b(?:what|who) makes you (?:think you are|so) (?:special|different|better)|"
            r"\byou think you (?:deserve|are (?:special|better|entitled|owed))|"
            r"\bwait your turn like everyone else|\bget in line like everyone else|\bnot all about you|"
            r"\b(?:everybody|everyone) (?:here |else )?(?:has|has got) (?:problems|issues|their (?:own )?problems)\b"
        ),
        "puts the client down for expecting help",
    ),
    (
        "minimizing",
        re.compile(
            r"\b(?:that|it|this) is (?:just |simply )?(?:how|the way) (?:it|things|this|we) "
            r"(?:works?|goes|go|is|are|do (?:it|things)) (?:here|around here)\b|"
            # "That's just how the council works": "just" makes the way things are an answer, with or without "here".
            r"\b(?:that|it|this) is (?:just|simply) (?:how|the way) "
            r"(?:(?:the|this) (?:\w+ )?\w+|it|things|this|we|they) "
            r"(?:works?|goes|go|is|are|operates?|does things|do things)\b|"
            # "Forty minutes isn't long", "two miles is not that far": the client's wait or walk called small. Not
            # money ("ten pounds is not much for a week's food" may side with the client), nor too little of something
            # ("six weeks is not long enough").
            rf"\b(?:{_AMOUNT}) (?:\w+ ){{0,2}}?(?:{_UNIT})(?: (?:a|an|per) \w+)? (?:is|are) not "
            r"(?:that |very |so |too |really )?(?:long|far|bad|a long time|a big deal)\b"
            r"(?! (?:enough|notice|time|to|for)\b)|"
            r"\b(?:it is|that is|this is) (?:the |our |just |hospital |clinic )?(?:policy|protocol|procedure)\b"
            r"(?! (?:is to help|to help|so that))|"
            r"\b(?:those|these) are the rules\b|\bi (?:do not|did not) make the rules\b|\bpolicy is policy\b|"
            # "It's a parking ticket, not a felony", "a curfew, not prison": the problem set beside a worse fate. Only a
            # graver thing: "it is their failing, not yours" and "your uniqueness, not failure" reframe (ESConv dev).
            r"\b(?:it|that|this) is (?:just |only )?(?:a |an |one )?(?:\w+ ){1,3}?(?:, )?not (?:a |an |the )?"
            r"(?:heart attack|felony|crime|murder|prison|jail|death sentence|life sentence|disaster|catastrophe|"
            r"tragedy|war|cancer|famine|end of the world|funeral)(?= *(?:[.!;]|$))|"
            # "eight o'clock means eight o'clock": a tautology by "means".
            r"\b(?P<meant>[a-z']{3,}(?: [a-z']{3,})?) means (?P=meant)\b|"
            r"\b(?:there are|we make|i can not make|we can not make) (?:no )?exceptions?\b|"
            # A tautology said as a whole clause closes the matter ("late is late.", "a deal is a deal, ..."), while
            # "the problem with that is that you ..." goes on to say something.
            r"\b(?:a |the )?(?P<same>[a-z]{3,}(?: [a-z]{3,})?) (?:is|are) (?:a |the )?(?P=same)\b"
            r"(?=\s*(?:[.?!;,]|$|(?:i|we|and|so|sorry) ))|"
            # A wall with no way round it; "nothing we can do about that, but I can ..." offers one, and is kept clear.
            # "There is nothing I can do" is the speaker stepping away: the avoidance phrase's, not counted twice.
            r"\bthere is nothing (?:anyone|anybody|we|one) can do(?: about (?:it|that|this))?\b(?![^.?!;]*\bbut\b)"
        ),
        "answers the concern with the rules, which waves it away",
    ),
    (
        "command_feelings",
        re.compile(
            rf"\b(?:do not|never) (?:be|get|feel|sound) (?:so |too |all |that )?{_FEELING_ADJ}\b(?! (?:to|of)\b)|"
            # "don't stress", "don't get yourself in a state", "stop beating yourself up": the same order in other words
            r"\b(?:do not|never) (?:stress|fret|freak out|beat yourself up|"
            r"get yourself (?:in|into) a (?:state|stew|flap|tizzy|lather))\b|"
            r"\b(?:stop|quit) (?:beating yourself up|fretting|freaking out)\b|"
            rf"\b(?:stop|quit) (?:crying|yelling|shouting|screaming|worrying|panicking|stressing|sulking|whining|"
            rf"feeling sorry for yourself|being (?:so |too )?{_FEELING_ADJ})\b|"
            r"\b(?:stay|keep|be) (?:calm|quiet|cool)\b|\b(?:stop|quit) (?:acting|behaving|getting|feeling) \w+|"
            r"\b(?:lower|watch|mind) your (?:voice|tone|language|mouth)\b|\bkeep (?:it|your voice) down\b"
        ),
        "tells the client how to feel or how to sound",
    ),
)
IMPERATIVE_CATEGORIES = frozenset({"command_feelings"})
"""Structural patterns of these categories count only as an imperative to the client."""


def voice_demand(sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` (a threat's words, joined by spaces) makes a demand about the client's voice or feelings
    (``_VOICE_DEMAND``): the index of its first word and its length in words, or None."""
    m = _VOICE_DEMAND.search(sentence)
    if m is None:
        return None
    return sentence[: m.start()].count(" "), m.group(0).count(" ") + 1


def structural_hits(normal: NormalText) -> list[StructuralHit]:
    """Findings that come from sentence shape rather than a fixed phrase; see the module docstring."""
    string = normal.string
    hits: list[StructuralHit] = _emphatic_and_bare_advice(normal)
    for category, pattern, message in _PATTERNS:
        for m in pattern.finditer(string):
            if _excused(category, m):
                continue
            first, stop = normal.token_span(m.start(), m.end())
            if category in IMPERATIVE_CATEGORIES and not is_imperative(normal, first):
                continue
            hits.append(StructuralHit(category, first, stop, message))
    return hits


VOICE_UNDER_THREAT = "tells the client how to sound, by a threat"
_VOICE_DEMAND = re.compile(
    r"\b(?:shout|shouting|yell|yelling|scream|screaming|swear|swearing|raise your voice|raising your voice|kick off|"
    r"kicking off|calm down|relax|cry|crying|panic|panicking|freak out|freaking out|lose your temper|talk to me like|"
    r"speak to me like|moan|moaning|whinge|whingeing|whining|effing and blinding|cursing|mouth off|mouthing off)\b"
)
"""In a threat's condition, a demand about the client's voice or feelings ("if you shout at me again I'm ending this",
"keep screaming and ..."): by the conventions the threat is also an order about how to feel or sound."""


_KNOWING = frozenset({"known", "realised", "realized", "understood", "heard", "seen", "noticed"})
"""After "if you had": what the client could not know clears them ("if you'd known, you'd have been there")."""


def _excused(category: str, m: re.Match[str]) -> bool:
    """ "you should have been told" blames whoever failed to tell; a passive after the past modal is not blame, nor
    "if you had known" (``_KNOWING``)."""
    if category != "judgment_blame" or not m.groups() or m.group(1) is None:
        return False
    verb = m.group(1)
    if verb == "been":
        after = m.string[m.end() :].split()[:1]
        return bool(after) and (
            after[0] in _PARTICIPLE_EXCUSE or after[0].endswith(("ed", "en", "wn")) or after[0] in _IRREGULAR_PASSIVE
        )
    return verb in {"a", "an", "the", "to", "no", "any", "some", "your", "my"} or verb in _KNOWING


NOT_BASE_VERB = word_set(
    """not it that this a an the so well your my everything nothing all what really right okay enough best more
    great good fine amazing awesome nothing something anything to for in on at with about as if when like because
    one two some any just very too such me you us them him her"""
)
"""Words that, after "you did" or an opening "just", show the next word is not a bare verb."""


FEELING_ORDERS = word_set("""relax calm simmer breathe chill settle cheer cool let""")
"""After an opening "just", verbs of an order about the client's feelings ("just relax", "just let it go"), which the
command and minimising rules read; they are not a practical fix."""
TALK_REQUESTS = word_set("""tell remind let give show walk help""")
"""Verbs of a request to hear from the client ("just tell me", "just let me know"): not a fix."""


def _emphatic_and_bare_advice(normal: NormalText) -> list[StructuralHit]:
    """ "Well, you *did* sign it" insists against the client (arguing); "Just apply somewhere else" opens with a fix
    (premature advice). Both need a bare verb in the slot, which these checks read from the word's shape."""
    words = normal.words()
    hits: list[StructuralHit] = []
    for i, word in enumerate(words[:-2]):
        verb = words[i + 2]
        bare = verb.isalpha() and verb not in NOT_BASE_VERB and not verb.endswith(("ing", "ed", "ly"))
        if not bare:
            continue
        if word == "you" and words[i + 1] == "did" and _opens_clause(words, i):
            hits.append(StructuralHit("arguing", i, i + 3, "insists on a fact against the client"))
    hits += _insists_for_others(words)
    for i, word in enumerate(words[:-1]):
        verb = words[i + 1]
        bare = verb.isalpha() and verb not in NOT_BASE_VERB and not verb.endswith(("ing", "ed", "ly", "s"))
        asks_to_hear = verb in TALK_REQUESTS and words[i + 2 : i + 3] == ["me"]  # "just tell me ..." invites
        if verb in FEELING_ORDERS:
            continue  # "just relax", "just let it go": an order about feelings (its own rules), not a fix
        if word in {"just", "simply"} and bare and not asks_to_hear and _opens_clause(words, i) and i + 2 < len(words):
            hits.append(StructuralHit("premature_advice", i, i + 2, "jumps to a fix before the client feels heard"))
    return hits


THIRD_PARTY_LEAD = word_set("""he she they the his her their your""")
"""How a clause about someone else opens: a third-person pronoun, or a noun phrase ("the council", "your
solicitor")."""
EMPHATIC = word_set("""did does do""")
EMPHATIC_ADVERBS = word_set("""still actually really always definitely""")
NOT_STRESSED = word_set("""seem seems sound look feel their his her its""")
"""After "did"/"does": a concession about how someone comes across ("she does seem upset"), or "did" as the main
verb ("they did their best")."""
SUBJECT_WORDS = 4
"""Most words from a clause's first word to its emphatic "did" ("the housing association did", "your support
worker did")."""


INSISTS_FOR_OTHERS = "insists on what someone else did, against the client's account"


def _insists_for_others(words: list[str]) -> list[StructuralHit]:
    """ "The council *did* send someone round", "your solicitor did ring back", "the crisis line does pick up": a
    statement that stresses, against the client's account, what someone else did or does. A question puts "did"
    first ("did the council send ...?") and so never matches."""
    hits: list[StructuralHit] = []
    for i, word in enumerate(words):
        if word not in THIRD_PARTY_LEAD or not _opens_clause(words, i):
            continue
        for k in range(i + 1, min(len(words) - 1, i + SUBJECT_WORDS)):
            if words[k] in SENTENCE_END or words[k] in CLAUSE_PUNCT or words[k] in {"you", "i", "we", "who", "that"}:
                break
            if words[k] in EMPHATIC:
                v = k + 1
                while v < len(words) - 1 and words[v] in EMPHATIC_ADVERBS:
                    v += 1
                verb = words[v]
                stressed = words[k] == "did" or v > k + 1  # "the hostel does breakfast": "does" alone may be the verb
                if stressed and _bare_verb(verb) and verb not in NOT_STRESSED:
                    hits.append(StructuralHit("arguing", i, v + 1, INSISTS_FOR_OTHERS))
                break
            if words[k] in AUX:
                break
    return hits


ING_VERBS = word_set("""bring ring sing sting swing spring string fling cling wring""")


def _bare_verb(word: str) -> bool:
    """Whether ``word`` can be a bare verb by its shape: not a listed function word, not -ing/-ed/-ly, and not a plural
    or third-person -s ("did drugs", "does deliveries"), though "-ss" stays ("did discuss") and so do the verbs
    that end in "-ing" ("did ring back")."""
    return (
        word.isalpha()
        and word not in NOT_BASE_VERB
        and (not word.endswith("ing") or word in ING_VERBS)
        and not word.endswith(("ed", "ly"))
        and (not word.endswith("s") or word.endswith("ss"))
    )


def _opens_clause(words: list[str], i: int) -> bool:
    j = i - 1
    while j >= 0 and words[j] in {"well", "but", "okay", "so", "and", "look", "oh", "now", "then", "maybe", "perhaps"}:
        j -= 1
    return j < 0 or words[j] in SENTENCE_END or words[j] in CLAUSE_PUNCT
