"""Reflection against the scenario: does the reply pick up what the client said or feels? (domain.md, "Listen actively")

A clause of the reply reflects when it is a statement (not a question, not an action offer or a flag) and
- it says the client feels something: "you" and a feeling word close together ("no wonder you're angry",
  "you're terrified"), with feelings of one family counting for each other ("furious" reflects "angry");
- or it picks up the client's own content: at least one content word of the client statement (or the
  scenario's key content and feelings) with the client as subject ("your roommate keeps taking your food"),
  or two such words without ("eleven months of doing everything they asked").
Words are compared by snowball stem, so "cancelled" matches "cancellation" only if their stems agree;
synonyms come from the [feelings] families of lexicon.toml (both in stemming.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from voice_deesc.wording.feeling_sense import acts_not_feels, participle_stems
from voice_deesc.wording.spoken_questions import HESITATIONS
from voice_deesc.wording.stemming import expand_feelings, feeling_stem_sets, stem
from voice_deesc.wording.text import (
    CLAUSE_PUNCT,
    SENTENCE_END,
    NormalText,
    normalise,
    sentence_start,
    word_set,
)
from voice_deesc.wording.word_sense import (
    generalises,
    generic_subject,
    informs,
    missed_event,
    names_a_service,
    relays_version,
)

CLAUSE_JOINERS = frozenset({"and", "but", "so", "because", "while", "though", "although"})
FEELING_WINDOW = 6
"""Most words between "you" and the feeling word it is paired with ("you have every reason to be angry")."""
MIN_CONTENT_WITH_YOU = 1
MIN_CLAUSE_WORDS = 3
"""A clause piece shorter than this is joined to the next ("not sleeping, not eating, and missing him")."""
MIN_CONTENT_WITHOUT_YOU = 2
KEY_CONTENT_WEIGHT = 2
"""A scenario's key-content phrase counts as two content words: the instructor named it."""
EARLIER_CLIENT_LINES = 3
"""In a conversation, a reply is also compared with the client's last three lines before this one: what they said
two turns ago is theirs to have reflected. Measured on AnnoMI dev, each counsellor utterance against the client's
previous utterance alone, or joined with the ones before it (1 / 2 / 3 / 5 utterances in all): reflection F1
0.544 / 0.554 / 0.566 / 0.571; this context (three earlier and the current, 4 in all) gives 0.571 (P 0.568,
R 0.574), and more earlier lines would tie the reply less to the moment for little gain."""
NEW_SUBJECTS = word_set("""you i we they he she nobody everyone everybody""")
GLUE_BEFORE_SUBJECT = word_set(
    """do does did are is was were am have has had can could will would should shall may might must to of
    for with at from about on in by that if when what why how because and but so know see think hear
    feel felt said say tell told thank believe guess understand mean where who whether than as like let
    make makes help want wish hope sure glad sorry bet heard seems sounds not told while until before
    after whatever wonder knew saw thought the a an all tell ask asked give gave show saying says thinking thinks
    knows"""
)
"""Words after which a pronoun continues the clause ("I know you", "sorry you", "glad you") rather than starting one."""
SUBORDINATORS = word_set("""if when unless whether before after until once whenever""")
DISCOURSE_LEAD = word_set("""so okay ok well and but now yeah oh look honestly""")
PERCEIVE = word_set("""hear see know understand notice sense get""")
SPOKEN_OPENERS = DISCOURSE_LEAD | word_set("""right nice wow ah ahh aw aww cool mate man dude bro hey um uh""")
"""What may come before a spoken "my ..." that opens the speaker's own story ("oh nice, my cousin worked there")."""
MY_FRAMES = word_set("""sense guess impression hunch feeling understanding read take""")
"""After an opening "my", words that frame a reflection ("my sense is you're worn out") rather than tell the speaker's
own story ("my cousin worked there")."""
NEGATION_WORDS = word_set("""not never nobody no nothing none""")
OBJECT_BEFORE_YOU = word_set(
    """to with for at from about of on by tell told thank help ask asked hear give let make makes see"""
)
STOPWORDS = word_set(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours yourself
    yourselves okay yeah oh well really even still also get got getting go going gone went come came say
    said tell told know knew think thought want wanted need make made like just one thing things lot way
    something anything nothing everyone anyone someone people right time back let us again ever much
    many every any honestly actually maybe please"""
)


@dataclass(frozen=True)
class ReflectionHit:
    first: int
    stop: int
    matched: tuple[str, ...]
    """The reply's words that carried the reflection (feeling words or client content words)."""
    kind: str
    """``feeling``, ``content`` (the client's words) or ``statement`` (about the client, no shared words)."""


@lru_cache(maxsize=256)
def client_targets(
    client_text: str, feelings: tuple[str, ...] = (), key_content: tuple[str, ...] = ()
) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Content stems to look for (client words, scenario feelings, their families) and key-content stem phrases."""
    stems = {
        stem(t.text)
        for t in normalise(client_text).tokens
        if t.text.isalpha() and len(t.text) > 2 and t.text not in STOPWORDS
    }
    stems |= {stem(w) for f in feelings for w in f.lower().split() if w not in STOPWORDS}
    stems = expand_feelings(stems)
    phrases = tuple(
        tuple(stem(t.text) for t in normalise(k).tokens if t.text.isalnum() and t.text not in STOPWORDS)
        for k in key_content
    )
    return frozenset(stems), tuple(p for p in phrases if p)


MIN_COMPLAINT_WORDS = 2
"""Content words a negative clause must share with one negative sentence of the client's to say it back."""


@lru_cache(maxsize=256)
def client_denials(client_text: str) -> tuple[frozenset[str], ...]:
    """Content stems of each client clause that says something did not happen or will not ("the pharmacy won't give
    me my methadone", "nobody rang me back"): the client's complaints in the negative."""
    normal = normalise(client_text)
    words = normal.words()
    out = []
    for first, stop in clauses(normal):
        clause = words[first:stop]
        if any(w in NEGATION_WORDS for w in clause):
            out.append(frozenset(stem(w) for w in clause if w.isalpha() and len(w) > 2 and w not in STOPWORDS))
    return tuple(out)


def _says_back_a_complaint(
    words: list[str], stems: list[str], first: int, stop: int, denials: tuple[frozenset[str], ...]
) -> bool:
    """A negative clause about someone else that repeats a negative sentence of the client's ("the pharmacy wouldn't
    give you your methadone" after "the pharmacy won't give me my methadone") says their complaint back; the same
    clause after "they're going to take my methadone" would deny it. The speaker's own clauses are never this."""
    lead = _clause_lead(words, first, stop)
    if words[lead] in {"i", "my", "we", "our"} or not any(w in NEGATION_WORDS for w in words[first:stop]):
        return False
    content = {stems[j] for j in range(first, stop) if words[j].isalpha() and len(words[j]) > 2}
    content -= STOPWORDS
    return any(len(content & denied) >= MIN_COMPLAINT_WORDS for denied in denials)


def clauses(normal: NormalText) -> list[tuple[int, int]]:
    """Token spans of clauses: split at sentence ends, commas and joining words (and, but, so, because)."""
    spans: list[tuple[int, int]] = []
    start = 0
    unpunctuated = not any(t.is_punct for t in normal.tokens)
    for i, token in enumerate(normal.tokens):
        text = token.text
        if text in SENTENCE_END or text in CLAUSE_PUNCT:
            if i > start:
                spans.append((start, i))
            start = i + 1
        elif (text in CLAUSE_JOINERS or (unpunctuated and _new_subject(normal, i))) and i > start:
            spans.append((start, i))
            start = i + 1 if text in CLAUSE_JOINERS else i
    if start < len(normal.tokens):
        spans.append((start, len(normal.tokens)))
    spans = [_trim(normal, s) for s in spans if any(normal.tokens[j].text.isalnum() for j in range(*s))]
    merged: list[tuple[int, int]] = []
    for span in spans:  # "sweating and shaking like that": a one- or two-word piece belongs with the next
        if merged and merged[-1][1] - merged[-1][0] < MIN_CLAUSE_WORDS and not _ends_sentence(normal, merged[-1][1]):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _trim(normal: NormalText, span: tuple[int, int]) -> tuple[int, int]:
    """Drop leading joining words so the evidence starts at the clause's own words ("and now ..." -> "now ...")."""
    first, stop = span
    while first < stop - 1 and normal.tokens[first].text in CLAUSE_JOINERS | {","}:
        first += 1
    return first, stop


def _new_subject(normal: NormalText, i: int) -> bool:
    """In unpunctuated text, a subject pronoun after a content word starts a new clause ("it makes sense | you're
    angry", "you're not a failure | you had six months clean")."""
    if normal.tokens[i].text not in NEW_SUBJECTS or i == 0:
        return False
    prev = normal.tokens[i - 1].text
    return prev.isalpha() and prev not in GLUE_BEFORE_SUBJECT


def _ends_sentence(normal: NormalText, stop: int) -> bool:
    return stop < len(normal.tokens) and normal.tokens[stop].text in SENTENCE_END


def find_reflections(
    normal: NormalText,
    *,
    blocked: list[tuple[int, int]],
    validating: Sequence[tuple[int, int]] = (),
    client_text: str = "",
    feelings: tuple[str, ...] = (),
    key_content: tuple[str, ...] = (),
    move_starts: Sequence[int] = (),
) -> list[ReflectionHit]:
    """Clauses that reflect the client's feeling or content; ``blocked`` spans (questions, offers, flags) never do.
    A clause that runs into a question or an offer (``move_starts``: "your daughter's at home on her own can I find
    out where things are", as a recogniser gives it with no full stop) ends where that move begins."""
    words = normal.words()
    stems = [stem(w) if w.isalpha() else w for w in words]
    feeling_singles, feeling_multis = feeling_stem_sets()
    targets, key_phrases = client_targets(client_text, tuple(feelings), tuple(key_content))
    denials = client_denials(client_text)
    hits: list[ReflectionHit] = []
    for first, stop in clauses(normal):
        stop = min([m for m in move_starts if first + MIN_CLAUSE_WORDS <= m < stop] + [stop])
        if any(first < b_stop and b_first < stop for b_first, b_stop in blocked):
            continue
        if words[_clause_lead(words, first, stop)] in SUBORDINATORS:
            continue  # "(um, and) if you handle it yourself", "when you say ...": a condition, not a reflection
        you = [
            j
            for j in range(first, stop)
            if words[j] in {"you", "your"} and (j == first or words[j - 1] not in OBJECT_BEFORE_YOU)
        ]
        if _speakers_plan_goes_on(words, first) or (
            _speaker_or_denial(words, first, stop) and not _says_back_a_complaint(words, stems, first, stop, denials)
        ):
            continue
        if _advises(words, first, stop):
            continue  # "bring the hospital letter to the magistrates": a fix, whatever of the client's it names
        if you and _tells_client(words, you[0], stop):
            continue
        if _not_the_clients(words, first, stop, targets):
            continue  # "everyone has to pay rent": a rule about people, not the client's content
        validates = any(first < v_stop and v_first < stop for v_first, v_stop in validating)
        if validates:  # "that's a lot to carry into court" validates; only "you're <feeling>" also reflects
            you = [j for j in you if words[j] == "you"]
        feeling_words = _feelings_near_you(words, stems, you, stop, feeling_singles, feeling_multis)
        if feeling_words:
            hits.append(ReflectionHit(first, stop, tuple(feeling_words), "feeling"))
            continue
        if validates or (not targets and not key_phrases) or _informs(words, first, stop):
            continue  # "the office usually sends a letter" shares the client's words but informs
        matched = [words[j] for j in range(first, stop) if words[j] not in STOPWORDS and stems[j] in targets]
        score = len(set(matched))
        clause_stems = stems[first:stop]
        for phrase in key_phrases:
            if _contains(clause_stems, phrase):
                score += KEY_CONTENT_WEIGHT
                matched.extend(phrase)
        if (
            score >= MIN_CONTENT_WITHOUT_YOU
            or (you and score >= MIN_CONTENT_WITH_YOU)
            or _client_statement(words, first, stop)
        ):
            kind = "content" if matched else "statement"
            hits.append(ReflectionHit(first, stop, tuple(dict.fromkeys(matched)), kind))
    return hits


def open_to_reflect(normal: NormalText, first: int, stop: int) -> bool:
    """Whether a clause could be a reflection at all, whatever its words: not a condition ("if you handle it"), not
    about the speaker, not a denial or reassurance ("nobody is going to take your kids", "you're not in trouble"),
    not someone else's words ("he told you ..."). The learned head scores only clauses that pass."""
    words = normal.words()
    if words[_clause_lead(words, first, stop)] in SUBORDINATORS or (first > 0 and words[first - 1] in SUBORDINATORS):
        return False
    if _speaker_or_denial(words, first, stop) or _speakers_plan_goes_on(words, first) or _advises(words, first, stop):
        return False
    if _informs(words, first, stop) or _not_the_clients(words, first, stop):
        return False
    if any(_tells_client(words, j, stop) for j in range(first, stop) if words[j] == "you"):
        return False
    if any(w in NEGATION_WORDS for w in words[first:stop]) and not _client_statement(words, first, stop):
        return False
    start = sentence_start(words, first)
    return not any(words[k] in {"told", "said", "says", "calls", "called"} for k in range(start, stop))


SUBJECT_STARTERS = word_set(
    """you your i we they he she it there this that these those the a an my his her their our nobody everyone
    everybody someone somebody now still then so just even also never only maybe no not all both"""
)
"""Words that open a clause with a subject of its own (or an adverb before one); after "and", any other word is most
likely a verb that shares the subject before it ("I'll ring them | and get you a slot")."""
SPEAKER_LEADS = word_set("""i we let""")


ADVICE_VERBS = word_set(
    """bring try use ring call phone email text write contact go get ask take tell keep make put send give check apply
    book fill sign leave pop grab find sort speak talk register report change switch move start avoid consider"""
)
"""Verbs that, first in a clause with no subject, tell the client what to do ("bring the letter", "try cutting down",
"next time ring nine nine nine"): a fix, not a reflection, however many of the client's words it names."""
ADVICE_LEADS = DISCOURSE_LEAD | word_set("""just maybe then also first next time perhaps please um uh""")


def _advises(words: list[str], first: int, stop: int) -> bool:
    """The clause opens on an order to act (``ADVICE_VERBS``) with no subject before it; "try" or "go" followed by a
    comma or "you" ("see, you ...") is not one, nor a verb after "and" that goes on from the clause before ("it's hard
    to get out and make new friends")."""
    if first > 0 and words[first - 1] in {"and", "or"}:
        return False
    lead = first
    while lead < stop - 1 and words[lead] in ADVICE_LEADS:
        lead += 1
    return words[lead] in ADVICE_VERBS and lead + 1 < stop and words[lead + 1] not in {"you", "i", "me", ","}


def _speakers_plan_goes_on(words: list[str], first: int) -> bool:
    """A clause after "and" with no subject of its own, when the clause before it is the speaker's ("I can speak
    slower and face you when I talk", "let's look at the day centres and find somewhere warm"): still the speaker's
    plan, however many of the client's words it names. "You were in hospital and missed it" stays the client's."""
    if first == 0 or words[first - 1] != "and" or words[first] in SUBJECT_STARTERS or not words[first].isalpha():
        return False
    start = sentence_start(words, first - 1, SENTENCE_END | CLAUSE_PUNCT)
    lead = _clause_lead(words, start, first)
    return words[lead] in SPEAKER_LEADS or _advises(words, start, first - 1)


def _not_the_clients(words: list[str], first: int, stop: int, targets: frozenset[str] = frozenset()) -> bool:
    """Content that may share the client's words but is not theirs: a rule about people ("everyone has to pay rent"),
    how often the world goes a certain way ("landlords always evict tenants who complain"), or another party's
    account passed on ("the council says you never applied"), unless the client named that party (``targets``)."""
    return (
        generic_subject(words, first, stop)
        or generalises(words, first, stop)
        or relays_version(words, first, stop, lambda sayer: stem(sayer) in targets)
    )


def _informs(words: list[str], first: int, stop: int) -> bool:
    """What usually happens ("the office usually sends a letter") or what a named party can or has to do ("the
    hostel can give you a cupboard"): information about what is open to the client."""
    return informs(words, first, stop) or names_a_service(words, first, stop)


def _clause_lead(words: list[str], first: int, stop: int) -> int:
    """Where the clause's own words start, past hesitations and discourse words ("um, and if you lost your job"
    opens on "if": a condition, whatever is said before it)."""
    lead = first
    while lead < stop - 1 and (words[lead] in HESITATIONS or words[lead] in DISCOURSE_LEAD or words[lead] == ","):
        lead += 1
    return lead


def _speaker_or_denial(words: list[str], first: int, stop: int) -> bool:
    """Content said about the speaker ("I know what you mean") or denied by someone else ("nobody is going to take
    your kids") is not the client's content reflected; "I hear (that) you ..." and "you can't sleep" still are."""
    lead = first
    while lead < stop and words[lead] in DISCOURSE_LEAD:
        lead += 1
    mine = lead
    while mine < stop and words[mine] in SPOKEN_OPENERS:
        mine += 1
    if mine < stop and words[mine] == "my" and (mine + 1 == stop or words[mine + 1] not in MY_FRAMES):
        return True  # "my last landlord kept my deposit too": the speaker's story; "my guess is you're ..." frames
    if lead < stop and words[lead] == "i":
        rest = [w for w in words[lead + 1 : lead + 6] if w not in {"can", "do", "that", "really", "just", "why", "how"}]
        perceives = rest[:1] and rest[0] in PERCEIVE and (rest[1:2] == ["you"] or _perceived_that(words, lead, stop))
        senses = rest[:1] == ["feel"] and (rest[1:2] == ["you"] or rest[1:3] == ["like", "you"])  # "that" is dropped
        if not (perceives or senses or _can_tell(words, lead, stop)):  # "I feel like you've been let down" frames
            return True
    for k in range(first, stop):
        if words[k] in NEGATION_WORDS:
            piece = words[first:k]
            if "," in piece:
                piece = piece[len(piece) - piece[::-1].index(",") :]
            before = [w for w in piece if w not in DISCOURSE_LEAD]
            if words[k + 1 : k + 2] == ["wonder"] or words[k + 1 : k + 2] == ["doubt"]:
                continue  # "no wonder you're shaking"
            if _hopes_unmet(words, k, stop):
                continue  # "the exam didn't go the way you hoped": the client's hope, said back
            if words[k] in {"nobody", "nothing", "none", "no"} or (before and "you" not in before):
                return True  # "judges never take kids": someone else denies it
    return False


HOPED = word_set("""hoped wanted expected planned imagined pictured deserved wished""")
HOPE_REACH = 6
"""Most words from the negation to "you <hoped>" ("did not go quite the way you hoped")."""


def _hopes_unmet(words: list[str], k: int, stop: int) -> bool:
    """The negation at ``k`` says the client's hope or plan was not met ("not what you expected", "didn't go the way
    you hoped"): their disappointment said back, not someone denying their account."""
    reach = words[k + 1 : min(stop, k + 1 + HOPE_REACH)]
    return any(a == "you" and b in HOPED for a, b in pairwise(reach))


def _can_tell(words: list[str], lead: int, stop: int) -> bool:
    """ "I can tell (that) you're worried", "I could tell you were hurt": the speaker reads the client, then says what
    they read. Not "I can tell you the office opens at nine", which informs."""
    rest = [w for w in words[lead + 1 : min(stop, lead + 6)] if w not in {"really", "just", "that"}]
    return (
        rest[:2] in (["can", "tell"], ["could", "tell"])
        and rest[2:3] == ["you"]
        and rest[3:4] != []
        and (rest[3] in CLIENT_VERB_AUX or rest[3] in {"is", "'ve", "had", "must"})
    )


def _perceived_that(words: list[str], lead: int, stop: int) -> bool:
    """ "I understand that the cold weather is wearing you down", "I get that the rent went up": the speaker only
    frames what follows, which is the client's content if the client's words are in it (the caller checks)."""
    verb = next((k for k in range(lead + 1, min(stop, lead + 4)) if words[k] in PERCEIVE), None)
    return verb is not None and words[verb + 1 : verb + 2] == ["that"] and verb + 3 < stop


def _feelings_near_you(
    words: list[str],
    stems: list[str],
    you: list[int],
    stop: int,
    singles: frozenset[str],
    multis: frozenset[tuple[str, ...]],
) -> list[str]:
    found: list[str] = []
    for j in you:
        if words[j] == "your":
            if j + 1 < stop and stems[j + 1] in singles:
                found.append(words[j + 1])
            continue
        for k in range(j + 1, min(stop, j + 1 + FEELING_WINDOW)):
            if words[k] == "not":
                break
            if (
                stems[k] in singles
                and not missed_event(words, k, stop)
                and not acts_not_feels(words, j, k, stop, participle=stems[k] in participle_stems())
            ):
                found.append(words[k])
                break
            if any(tuple(stems[k : k + len(m)]) == m for m in multis):
                found.append(words[k])
                break
    return found


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    """All words of ``phrase`` appear in ``seq`` in order (other words may sit between)."""
    it = iter(seq)
    return all(any(s == p for s in it) for p in phrase)


STATEMENT_LEAD = DISCOURSE_LEAD | word_set("""it sounds seems like that as if then now maybe perhaps""")
INNER_STATES = word_set(
    """sure want wanted like think feel felt know knew ready happy comfortable convinced see care trust believe
    understand expect mind enjoy remember seem quite really"""
)
"""After "you're not / you don't": the client's own doubt or wish, which a reflection says back."""
CLIENT_VERB_AUX = word_set("""are were have had feel felt want wanted think thought know knew do did am was get got""")
ADVICE_AFTER_YOU = word_set("""should need must ought could might can will would may better have to got""")


SOFTENERS = word_set("""really just still also so very most kind of""")
BARE_AUX = word_set("""do did does are were am is have had""")


AFFIRMATION = re.compile(
    r"^(?:are |were |did |have been |are doing |were doing |have done |have )?"
    r"(?:(?:so|really|very|such|just|still|already|totally|absolutely|a|an|the|every|doing|done) )*"
    r"(?:well|great|brilliant|amazing|awesome|fantastic|brave|safe|fine|okay|ok|alright|entitled|allowed|eligible"
    r"|right|good (?:job|person|man|woman|dad|mum|mom|mother|father|parent|friend|kid))\b"
)
"""Praise, reassurance and rights said about the client ("you're doing really well", "you did the right thing",
"you're safe here", "you have a right to appeal"): an affirmation or information, which the rubric keeps apart from
a reflection of what the client said or feels."""


DEADLINE = re.compile(
    r"^(?:have|have got|get|got) (?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|twenty|"
    r"thirty|twenty eight|a few|a couple of|another|until|till)(?: \w+)? ?"
    r"(?:days?|weeks?|months?|years?|hours?|minutes?)? to\b"
)
"""A deadline the client is told ("you have a month to ask for a reconsideration", "you've got until Friday to
appeal"): information about what is open to them."""
WHAT_WOULD_FOLLOW = word_set("""looking entitled eligible able better paying getting expected allowed""")
"""After "you would be": what would follow for the client ("you'd be looking at about five hundred", "you'd be
entitled to ..."), which informs; "you'd be lost without her" may still say back a feeling."""


def _told_or_thanked(words: list[str], i: int, stop: int) -> bool:
    """ "You know ..." fills a pause or tells ("you know very well that ..."); "you're (very) welcome" returns thanks;
    a deadline ("you have a month to appeal") or what would follow ("you'd be looking at five hundred") informs;
    "you do" / "you are" alone only agree; "you're going to have to ..." is an order in the future tense, and
    "you're going to take one tablet a day", "you're gonna be fine" tell or predict what the client will do or be
    (a reflection says back what they said, not what is coming); praise, reassurance and rights affirm or inform
    (``AFFIRMATION``)."""
    after = words[i + 1 : stop]
    plain = [w for w in after if w not in SOFTENERS]
    return (
        bool(DEADLINE.match(" ".join(plain)))
        or (plain[:2] == ["would", "be"] and plain[2:3] != [] and plain[2] in WHAT_WOULD_FOLLOW)
        or plain[:3] == ["are", "going", "to"]
        or plain[:2] == ["are", "gonna"]
        or (after[0] == "know" and after[1:2] not in (["you"], ["your"]))  # "you know you've ..." fills, then reflects
        or "welcome" in after[:3]
        or bool(AFFIRMATION.match(" ".join(after)))
        or (len(after) == 1 and after[0] in BARE_AUX)
        or any(
            words[k : k + 3] == ["going", "to", "have"] or words[k : k + 2] == ["gonna", "have"] for k in range(i, stop)
        )
    )


OBLIGATIONS = word_set("""should need needs ought""")
"""Not "must": "you must be exhausted" guesses at a feeling."""
POSSIBILITIES = word_set("""can could will might may""")
""""You can pay the rent when the money comes" tells the client what they may do; "you can't sleep" (with "not")
and "you could have been hurt" (with "have") still say back what happened."""


def _tells_client(words: list[str], i: int, stop: int) -> bool:
    """ "you" at ``i`` starts telling the client rather than saying back: thanks returned, "you know ...", or an
    obligation ("you also need to tell him", "you're going to have to")."""
    k = next((k for k in range(i + 1, stop) if words[k] not in SOFTENERS), stop)
    k += words[k : k + 1] == ["do"] and words[k + 1 : k + 2] in (["need"], ["have"])  # "you do need to", emphatic
    verb = words[k] if k < stop else ""
    after = words[k + 1 : k + 3]
    possible = verb in POSSIBILITIES and (after[:1] not in (["not"], ["have"], ["never"]) or after == ["have", "to"])
    return i + 1 < stop and (_told_or_thanked(words, i, stop) or verb in OBLIGATIONS or possible)


def _client_statement(words: list[str], first: int, stop: int) -> bool:
    """A statement whose subject is the client: "you're not sure this is enough", "you've cut down already"."""
    if first > 0 and words[first - 1] in SUBORDINATORS | {"while", "because", "as", "since", "thinks", "think", "said"}:
        return False  # "while you get ready": a time or a cause, not what the client said
    i = first
    while i < stop and words[i] in STATEMENT_LEAD:
        i += 1
    if i + 1 >= stop or words[i] != "you":
        return False
    nxt = words[i + 1]
    if "me" in words[i:stop]:
        return False  # "you can tell me", "you want me to": offers and requests, not the client's story
    if "not" in words[i + 1 : i + 4]:
        after = words[words.index("not", i + 1) + 1 : stop][:1]
        return bool(after) and after[0] in INNER_STATES  # "you're not sure" reflects; "you're not in trouble" reassures
    if _told_or_thanked(words, i, stop):
        return False
    verb = next((w for w in words[i + 1 : stop] if w not in SOFTENERS), "")
    if verb in ADVICE_AFTER_YOU and not (verb in {"have", "got"} and words[i + 2 : i + 3] != ["to"]):
        return False
    return (
        nxt in CLIENT_VERB_AUX
        or nxt.endswith(("ed", "s"))
        or nxt in {"not", "really", "just", "still", "also", "never", "kind", "sort"}
    )


def client_context(statement: str, earlier: Sequence[str] = ()) -> str:
    """The client's words a reply is compared with: their last ``EARLIER_CLIENT_LINES`` lines, then this one."""
    lines = [line.strip() for line in (*earlier[-EARLIER_CLIENT_LINES:], statement) if line.strip()]
    return " ".join(dict.fromkeys(lines))
