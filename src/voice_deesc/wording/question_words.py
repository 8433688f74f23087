"""The word lists the question finder reads word order with (questions.py): auxiliaries, subjects, question words,
the words that embed a question in a statement, and the openers of spoken questions that drop their auxiliary.

Kept apart from the rules so that the rules read in one go, and so that each list carries its reason next to it.
"""

from __future__ import annotations

from voice_deesc.wording.text import word_set

AUX = word_set("""do does did are is was were am have has had can could will would should shall may might must""")
SUBJECTS = word_set(
    """you i we they he she it that this there anyone anybody someone somebody anything something everyone
    your my his her their the our everything these those people staff a an any some"""
)
PRONOUN_SUBJECTS = word_set("""you i we they he she it""")
MODALS_BEFORE_AUX = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must", "to"})
"""Before an auxiliary mid-sentence, these make it part of a verb chain ("I'll have you barred", "going to have you
removed"); an inverted question never follows them."""


OPEN_WH = frozenset({"what", "how"})
CLOSED_WH = frozenset({"where", "when", "who", "which", "whose", "whom"})
NARROW_HOW = frozenset({"many", "much", "long", "old", "often", "far", "soon"})
INVITING = (
    "anything else",
    "something else",
    "any other",
    "any more",
    "any questions",
    "any concerns",
    "any thoughts",
    "any ideas",
    "any worries",
    "think of",
    "say more",
)
"""Words by which a yes/no question asks the client to go on ("is there anything else on your mind?")."""
INVITE_REACH = 8
FRAGMENT_INVITES = word_set("""any anything something""")
"""First words of the inviting phrases that may stand alone as a question ("Anything else?")."""
DISCOURSE = word_set(
    """so okay ok well and but now alright right yeah yes hey look then oh um uh honestly also first just
    anyway hmm mm sure plus listen"""
)
EMBEDDERS = word_set(
    """know knew see saw understand understood wonder hear heard tell told about is was that of matter sure
    figure find out explain show learn care remember exactly no on depends like ask asked decide choose
    say said mean realise realize imagine get got do does did at from in into with for to by feel felt
    believe discuss hearing seeing knowing 's forget forgot notice noticed guess idea reason wondering
    curious down up over through around into not"""
)
"""Words after which a question word starts a statement's clause ("I know what you mean", "I can see why")."""
QUESTION_VERBS = word_set(
    """happened happens helps helped worked works matters mattered went made brought changed worries
    worried scares scared upset makes keeps got kept hurts hurt caused causes led leads stopped stops"""
)
NOT_BEFORE_QUESTION = word_set(
    """if whether than as what how who where when which why this that these those there here it"""
)
MID_SUBJECTS = word_set("""you we they i he she there anyone anybody someone somebody""")
"""Subjects that let a question start mid-stream in unpunctuated text ("that sounds hard did they call you")."""
NOT_VERB_BEFORE_OBJECT = word_set(
    """if when whether that what how where who why and but so because than as to of for with at about"""
)
LEADING_PREPS = word_set("""in to for from by at on with about""")
"""A preposition that opens a clause before a question word carries the question ("in what way ...?"); inside a
clause it embeds one ("I know about what happened"), which the embedder check already covers."""
ELLIPTIC_SUBJECTS = word_set("""you everyone everybody anyone anybody everything""")
WELLBEING = word_set("""okay alright good safe hurt warm cold hungry comfortable fine""")
OFFER_VERBS = word_set("""want need""")
ADDRESS = word_set("""mate love buddy man sir maam pal hun friend""")
"""Openers of spoken questions that drop their auxiliary ("you okay", "want some water"; see
``spoken_questions.elliptical_question``)."""
FILLERS = frozenset({("i", "mean"), ("you", "know")})
"""Two-word spoken fillers that may stand before a question ("I mean, what would help?")."""
DETERMINERS = word_set("""the your my his her their our a an this that these those""")
"""After a question word, a determiner starts a noun phrase; with no inversion after it, that phrase is a
statement's subject ("what the doctor said is ...")."""
REQUEST_VERBS = word_set("""tell say describe explain share walk talk""")
GLUE_BEFORE_SPEAKER = AUX | word_set(
    """what how why where when who which if that and or so but because me you to of for with about than as whether
    not"""
)
TRAILING = word_set("or and but so um uh")
"""Words a question span never ends on ("would you like me to help, or | would you rather ...", "have you, um")."""
MAX_QUESTION_WORDS = 14
HYPOTHETICAL_AUX = word_set("""would could might can will should""")
VIEW_VERBS = word_set("""think want see imagine picture wish hope feel reckon""")
"""After "where/who do you": the client's view or wish ("where do you want to start?"), not a fact ("where do you
keep your tablets?")."""
WH_GAP = 4
"""Words allowed between a question word and its inverted auxiliary ("what part of this is ...")."""
TAG_WORDS = word_set("""okay alright right yeah yes eh no ok""")
TAG_PHRASES = frozenset(
    {"all right", "you know", "got it", "fair enough", "sound good", "sounds good", "you see", "or not"}
)
"""Tags that close a statement after a comma ("we'll sort it out, okay?"): no question, by the labelling conventions."""
WHO_WOULD_NOT = (["who", "would", "not"], ["who", "could", "not"])
"""Openers of a rhetorical question that says anyone would feel so ("who wouldn't be angry?")."""
ATTENTION_GETTERS = (["you", "know", "what"], ["guess", "what"])
"""Whole "questions" that only turn the listener towards what the speaker says next ("You know what? ...")."""
