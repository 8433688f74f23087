"""Everyday shapes of tired, sarcastic and nervous talk (issue 10): mock praise, brush-offs, swearing as a recogniser
writes it, minimising by comparison or silver lining, flat contradiction, blame, walls, validation by "anyone would",
choices, threats and orders about feelings. Every sentence is written for its rule; each shape has a sentence that
must be found, as typed and as a recogniser gives it (lowercase, no punctuation), and a sincere look-alike (negation,
reported speech, another word sense) that must not be."""

from __future__ import annotations

import pytest

from voice_deesc.asr.base import Transcript
from voice_deesc.wording.analyse import analyse_wording
from voice_deesc.wording.text import plain_form


def cats(text: str, client: str = "") -> set[str]:
    return {f.category for f in analyse_wording(Transcript.from_text(text), client_text=client).findings}


SHAPES = [
    # sarcasm: mock delight, mock praise, brush-offs, swearing
    ("sarcasm_profanity", "Oh great, another form to fill in."),
    ("sarcasm_profanity", "Well that's just great, isn't it."),
    ("sarcasm_profanity", "Must be nice to sleep till noon every day."),
    ("sarcasm_profanity", "Congratulations, you missed it again."),
    ("sarcasm_profanity", "Good luck with that, they never pick up."),
    ("sarcasm_profanity", "Sure you did."),
    ("sarcasm_profanity", "Of course you did."),
    ("sarcasm_profanity", "What do you want, a medal?"),
    ("sarcasm_profanity", "Well, that went well."),
    ("sarcasm_profanity", "Spare me the sob story."),
    ("sarcasm_profanity", "Just what I needed on a Friday."),
    ("sarcasm_profanity", "Knock yourself out."),
    ("sarcasm_profanity", "This motherfucking printer is broken again."),
    ("sarcasm_profanity", "Stop bullshitting me about the rent."),
    ("sarcasm_profanity", "Thanks a lot, that's really made my day."),
    ("sarcasm_profanity", "Clearly you know best."),
    ("sarcasm_profanity", "Sorry for existing."),
    ("sarcasm_profanity", "And I suppose that's our fault too."),
    ("sarcasm_profanity", "Oh, lucky us."),
    ("sarcasm_profanity", "Welcome to the real world."),
    # blame and arguing that echo the client's words
    ("judgment_blame", "You lost your benefits because you didn't send the form."),
    ("judgment_blame", "Your housing went because you missed the review."),
    # blame: a condition the client failed, and their trouble as what follows from it
    ("judgment_blame", "If you opened your post you wouldn't be in this mess."),
    ("judgment_blame", "maybe if you planned ahead this wouldn't keep happening"),
    ("judgment_blame", "Had you rung them first, none of this would have happened."),
    ("judgment_blame", "The paperwork is your responsibility, not ours."),
    ("judgment_blame", "You think the world owes you something."),
    ("judgment_blame", "You seem to think we've got nothing better to do."),
    ("judgment_blame", "It sounds like you want someone else to blame."),
    ("judgment_blame", "You sound like a broken record."),
    ("arguing", "You said nobody cares, but that's not true."),
    ("arguing", "You say we lost your paperwork, but we never had it."),
    ("arguing", "You're blaming us for your benefits being stopped."),
    # the day-centre voice: walls, hindsight, denials, threats by "keep ... and"
    ("minimizing", "Five minutes is five minutes."),
    ("minimizing", "Honestly, it's a shower, not a crisis."),
    # apology without "I'm"
    ("apology", "Sorry you had to wait all night for nothing."),
    ("apology", "sorry to hear about your nan"),
    # minimising: the way things are as the answer; the client's wait or walk called small
    ("minimizing", "That's just how the job centre works, I'm afraid."),
    ("minimizing", "Forty minutes isn't that long, in fairness."),
    ("minimizing", "three weeks isn't long you'll be back on your feet"),
    ("minimizing", "In the grand scheme of things, it's one missed wash."),
    ("minimizing", "There's always tomorrow."),
    ("minimizing", "Don't sweat the small stuff."),
    ("minimizing", "Eight months isn't that long in the scheme of things."),
    ("minimizing", "Try to see it as a fresh start."),
    ("minimizing", "It's hardly a disaster."),
    ("minimizing", "Think of the people who've got nothing."),
    ("judgment_blame", "If you'd got here on time, you'd have had your shower."),
    ("judgment_blame", "You've only got yourself to blame."),
    ("judgment_blame", "You can't expect us to wait around for you."),
    ("arguing", "The times are on the door, you can't say you didn't know."),
    ("arguing", "We didn't lock them early, it was ten on the dot."),
    # arguing: stressing what someone else did or does, against the client's account
    ("arguing", "The pharmacy did phone you, twice on Monday."),
    ("arguing", "your key worker did pass the message on"),
    ("arguing", "Well, the night staff do still check on everyone at two."),
    ("arguing", "Actually, nobody's stopping you washing."),
    ("arguing", "I think you'll find nobody promised Monday."),
    ("arguing", "Come off it, nobody lied to you."),
    ("arguing", "Be fair, we did try."),
    ("arguing", "Let's be realistic here."),
    ("arguing", "That's one way of looking at it."),
    ("arguing", "You don't know that."),
    ("arguing", "That's just your opinion."),
    ("arguing", "We've been over this already."),
    ("arguing", "As I already said, it takes five working days."),
    ("arguing", "I've told you three times now."),
    ("arguing", "Don't put words in my mouth."),
    ("arguing", "You can't have it both ways."),
    ("arguing", "That doesn't make sense."),
    ("arguing", "Prove it."),
    ("arguing", "Nobody here would lie to you."),
    ("arguing", "We don't lie to people."),
    ("arguing", "I beg to differ."),
    ("labeling", "You're a chronic relapser."),
    ("labeling", "Typical boozer, always an excuse."),
    ("labeling", "Honestly, you're a nuisance."),
    ("labeling", "Another piss-head at the door."),
    ("labeling", "You're a bit of a waster, aren't you?"),
    ("labeling", "You're a repeat offender at this point."),
    ("judgment_blame", "Look at the state of you, you're a mess."),
    ("threat_ultimatum", "Keep shouting and you won't be using the showers at all."),
    # threats: an order or a condition, then "or" / "before" / "then" and a penalty
    ("threat_ultimatum", "Behave or you're out."),
    ("threat_ultimatum", "Put the bottle away, or they'll call the police on you."),
    ("threat_ultimatum", "Calm yourself down or the manager's coming out to you."),
    ("threat_ultimatum", "Can you lower your voice before I have to call security?"),
    ("threat_ultimatum", "If I hear one more complaint you won't be getting that flat."),
    ("threat_ultimatum", "Next time you turn up drunk, that's your place gone."),
    ("threat_ultimatum", "You carry on like this and there'll be no more appointments."),
    ("threat_ultimatum", "I'm giving you until six, then the bed goes to someone else."),
    ("avoidance", "I don't do the showers, ask someone else."),
    ("judgment_blame", "That's just stubborn."),
    ("labeling", "You're not a tenant, you're a nightmare."),
    # minimising
    ("minimizing", "Could be worse, you know."),
    ("minimizing", "At least your kids are safe."),
    ("minimizing", "It's only for one night."),
    ("minimizing", "It's just a bad day, that's all."),
    ("minimizing", "You can always get another dog."),
    ("minimizing", "There's nothing to worry about."),
    ("minimizing", "You'll be over him in a month."),
    ("minimizing", "Honestly, you're overthinking it."),
    # arguing
    ("arguing", "No it isn't."),
    ("arguing", "Yes you did, I watched you sign it."),
    ("arguing", "That's nonsense."),
    ("arguing", "Our records show you missed three appointments."),
    ("arguing", "I was not being rude to you."),
    ("arguing", "Stop putting words in my mouth."),
    # blame
    ("judgment_blame", "And whose fault is that?"),
    ("judgment_blame", "You've got nobody to blame but yourself."),
    ("judgment_blame", "If you hadn't gone out that night you'd still have the bed."),
    ("judgment_blame", "You're late again."),
    ("judgment_blame", "Stop playing the victim."),
    ("judgment_blame", "You could have just called us."),
    # avoidance
    ("avoidance", "I just work here."),
    ("avoidance", "That's between you and your landlord."),
    ("avoidance", "Look, I've got other people waiting."),
    ("avoidance", "Don't shoot the messenger."),
    ("avoidance", "My shift ends in ten minutes."),
    ("avoidance", "Can we change the subject?"),
    # validation
    ("validation", "Anyone would lose their temper after that."),
    ("validation", "Who wouldn't be angry?"),
    ("validation", "That would drive anyone up the wall."),
    ("validation", "No one should have to choose between the ward and their money."),
    ("validation", "no one should be spoken to like that"),
    ("validation", "That's not fair on you at all."),
    ("validation", "They had no right to do that."),
    ("validation", "What a horrible thing to go through."),
    ("validation", "That sucks."),
    ("validation", "Of course you were scared."),
    ("validation", "I would be livid."),
    ("validation", "That's a horrible position to be put in."),
    ("validation", "That's a really rotten situation."),
    ("validation", "Your worry makes total sense."),
    ("validation", "It's no surprise you're frazzled."),
    ("validation", "Being so far from your mum right now must be agony."),
    # choices left with the client, and fixes offered as the speaker's plan
    ("choice_autonomy", "It's completely your call how you handle the school."),
    ("choice_autonomy", "You know your son best."),
    ("choice_autonomy", "We don't have to sort it all today unless you want to."),
    ("choice_autonomy", "I can share a couple of ideas, if that would be useful."),
    ("choice_autonomy", "Only if you're comfortable with that."),
    ("choice_autonomy", "You're the expert on your own life."),
    ("premature_advice", "Have you thought about asking the school to email instead?"),
    ("premature_advice", "Maybe just turn your phone off at work."),
    ("premature_advice", "The obvious thing is to ask for a meeting with the head."),
    ("premature_advice", "What you want to do is get it in writing."),
    ("premature_advice", "The trick is to set boundaries with the school."),
    ("premature_advice", "Why not ask your boss for flexible hours?"),
    ("premature_advice", "Honestly, I'd just change schools."),
    ("command_feelings", "Nobody's taking your flat today, so stop shouting."),
    # choice
    ("choice_autonomy", "We can go now, if that's okay with you."),
    ("choice_autonomy", "Whenever you're ready."),
    ("choice_autonomy", "Nobody is going to make you do anything."),
    ("choice_autonomy", "How does that sound?"),
    ("choice_autonomy", "Would it be alright if I called your sister?"),
    ("choice_autonomy", "You can change your mind at any point."),
    # threats
    ("threat_ultimatum", "You're leaving me no choice but to call them."),
    ("threat_ultimatum", "I'm warning you."),
    ("threat_ultimatum", "Carry on like this and you'll be out on the street."),
    ("threat_ultimatum", "Do you want to lose your bed?"),
    ("threat_ultimatum", "I can tell your probation officer about this."),
    # orders about feelings
    ("command_feelings", "Shut up and listen."),
    ("command_feelings", "That's enough!"),
    ("command_feelings", "Don't you dare raise your voice at me."),
    ("command_feelings", "Try to stay calm."),
    ("command_feelings", "Just be grateful."),
    # second pass: blunt shrugs, defending the service, rhetorical blame
    ("minimizing", "It's one appointment, you can rebook."),
    ("minimizing", "Life goes on."),
    ("minimizing", "You're blowing this out of proportion."),
    ("sarcasm_profanity", "Yeah, like that's going to happen."),
    ("sarcasm_profanity", "Oh, brilliant."),
    ("arguing", "We're doing our best."),
    ("judgment_blame", "You were supposed to call us."),
    ("judgment_blame", "This is the third time this month."),
    ("judgment_blame", "Did you even read the letter?"),
    ("avoidance", "I'm not dealing with this."),
    ("avoidance", "Not now."),
    ("validation", "They treated you like dirt."),
    ("validation", "You've had such a rough week."),
    ("choice_autonomy", "Whichever you prefer."),
    ("choice_autonomy", "You don't have to decide today."),
    ("threat_ultimatum", "You're on thin ice."),
    ("threat_ultimatum", "We don't tolerate that language here."),
    ("command_feelings", "No need for that attitude."),
    ("command_feelings", "Cut it out."),
    # policy as a wall, comparison with others, defending the service
    ("minimizing", "The deadline is the deadline, I can't change it."),
    ("minimizing", "Rules apply to everyone."),
    ("minimizing", "The computer says no."),
    ("minimizing", "Some people have waited much longer."),
    ("minimizing", "Nobody died."),
    ("arguing", "She had her reasons."),
    ("judgment_blame", "You've had plenty of chances."),
    ("judgment_blame", "That's why you keep losing beds."),
    # rhetorical questions that carry the act
    ("sarcasm_profanity", "Are you serious?"),
    ("sarcasm_profanity", "Do you think I'm made of money?"),
    ("sarcasm_profanity", "Is that really so hard?"),
    ("judgment_blame", "How hard is it to turn up on time?"),
    ("arguing", "You expect me to believe that?"),
    ("avoidance", "What do you want me to do about it?"),
    ("avoidance", "How is that my problem?"),
    ("command_feelings", "Are you done shouting?"),
    ("command_feelings", "I'm sorry, but try not to panic."),
    ("command_feelings", "I hear you, but relax."),
    ("sarcasm_profanity", "Oh sure, of course."),
    ("sarcasm_profanity", "Life's tough, get a helmet."),
    ("sarcasm_profanity", "Tell it to someone who cares."),
    ("judgment_blame", "Stop being such a baby."),
    ("minimizing", "Deal with it."),
    ("minimizing", "It's hardly the end of the world."),
    ("minimizing", "Nobody said life was fair."),
    ("minimizing", "Plenty of people would be glad of a bed at all."),
    ("minimizing", "That's the breaks."),
    ("arguing", "That's beside the point."),
    ("arguing", "Be fair, we've done a lot for you."),
    ("minimizing", "At least you've got a roof over your head."),
    ("validation", "I don't blame you one bit."),
    ("validation", "That's a horrible thing to go through."),
    ("avoidance", "Let's talk about this later."),
    ("avoidance", "Can we do this another time?"),
    ("avoidance", "Let's save that for next week."),
    ("sarcasm_profanity", "Sure, I'll just magic a bed out of thin air."),
    ("sarcasm_profanity", "Oh, I'm sorry, did you want a five-star hotel?"),
    ("sarcasm_profanity", "Well aren't you a ray of sunshine today."),
    ("sarcasm_profanity", "Brilliant. Just brilliant."),
    ("sarcasm_profanity", "Oh, here we go."),
    ("sarcasm_profanity", "Nice attitude."),
    ("sarcasm_profanity", "Lovely, another one."),
    ("sarcasm_profanity", "Oh no, not the shelter rules again."),
    ("sarcasm_profanity", "I'll alert the press."),
    ("sarcasm_profanity", "What am I, your mother?"),
    ("arguing", "The shelter did nothing wrong."),
    ("arguing", "You can't blame them for that."),
    ("arguing", "With respect, that's not the whole story."),
    ("arguing", "If you'd let me finish."),
    ("minimizing", "Every cloud has a silver lining."),
    ("minimizing", "You'll laugh about this one day."),
    ("minimizing", "Plenty of people sleep rough and get by."),
    ("minimizing", "Well, rules are there for a reason."),
    ("minimizing", "It's not like you're on the street forever."),
    ("judgment_blame", "That was a really stupid thing to do."),
    ("judgment_blame", "You've only got yourself to thank."),
    ("judgment_blame", "Actions have consequences."),
    ("judgment_blame", "Did you think the rules didn't apply to you?"),
    ("threat_ultimatum", "Either you calm down or you leave."),
    ("threat_ultimatum", "You've got five minutes to leave."),
    ("threat_ultimatum", "If you can't behave you can go."),
    # judging how the client acts, whatever the adjective; habits of "you lot"; names that reduce a person
    ("judgment_blame", "You're being a bit precious about it, to be honest."),
    ("judgment_blame", "Honestly, you're being really petty now."),
    ("judgment_blame", "You people never read the letters we send."),
    ("judgment_blame", "You only ring us when it suits you."),
    ("labeling", "You anxious types always expect the worst."),
    ("labeling", "He's a hypochondriac, everyone knows it."),
    ("labeling", "We get benefit cheats in here every week."),
    ("labeling", "Spongers like you make it harder for everyone."),
    # blame in the many ways writers who never saw the rules put it
    ("judgment_blame", "This is your own damn fault."),
    ("judgment_blame", "Honestly, it's all down to you."),
    ("judgment_blame", "Typical of you to walk out."),
    ("judgment_blame", "That's a bit rich coming from you."),
    ("judgment_blame", "That was pretty careless of you."),
    ("judgment_blame", "You're blowing this out of proportion."),
    ("judgment_blame", "You're taking it far too personally."),
    ("judgment_blame", "You had all week to fill the form in."),
    ("judgment_blame", "What on earth were you thinking?"),
    ("judgment_blame", "You should never have signed it."),
    ("judgment_blame", "Well, you didn't exactly help yourself."),
    ("judgment_blame", "Did you really expect the landlord to wait?"),
    ("judgment_blame", "You're just being stubborn now."),
    # minimising by mock sympathy, by a worse fate, by time, by numbers and by comparison
    ("minimizing", "Oh, the humanity, they moved your appointment."),
    ("minimizing", "However will you cope with a top bunk."),
    ("minimizing", "It's a fine, not prison."),
    ("minimizing", "It's a late fee, not a disaster."),
    ("minimizing", "Nine means nine, the office doesn't wait."),
    ("minimizing", "By next month you'll have forgotten all about it."),
    ("minimizing", "It's not like you were the only one they turned away."),
    ("minimizing", "Plenty of people would give anything for a room like that."),
    ("minimizing", "You got off lightly with a warning."),
    ("minimizing", "We've all been there."),
    ("minimizing", "Honestly, it's nothing."),
    # arguing: correcting the client's account, defending the staff, pulling rank, disputing the feeling
    ("arguing", "That's not what the housing officer wrote."),
    ("arguing", "No, that's incorrect, the payment went in on Friday."),
    ("arguing", "I'm going to have to correct you there."),
    ("arguing", "You're taking what I said out of context."),
    ("arguing", "The fact is you were told twice."),
    ("arguing", "The night staff work really hard."),
    ("arguing", "I've worked here for years, I think I know how it works."),
    ("arguing", "You're not angry with me, you're angry at the system."),
    ("arguing", "You weren't singled out, everyone got one."),
    ("arguing", "We definitely rang, it's right here in the notes."),
    # threats through someone else, and a threat whose demand is about the client's voice
    ("threat_ultimatum", "Skip one more session and your place gets cancelled."),
    ("threat_ultimatum", "Carry on like this and the council will evict you."),
    ("threat_ultimatum", "If you keep kicking off, somebody's going to call the police."),
    ("threat_ultimatum", "Touch my desk again and it's back to the street for you."),
    ("command_feelings", "If you swear at me once more, I'm ending the meeting."),
    ("command_feelings", "Keep yelling and you'll be leaving with security."),
    # avoidance: the speaker stepping away, out of their depth on purpose, or sending the client to the front desk
    ("avoidance", "I've got other people waiting, sorry."),
    ("avoidance", "Right, I'm done for today."),
    ("avoidance", "I don't want to hear about it."),
    ("avoidance", "I'm only agency staff, I wouldn't know."),
    ("avoidance", "I don't get paid enough to deal with this."),
    ("avoidance", "My hands are tied, end of."),
    ("avoidance", "That's your business, not mine."),
    ("avoidance", "Talk to reception, they handle that."),
    ("avoidance", "I'm not discussing this any further."),
    # validation: someone should have done better by the client; what the client was owed; the size of it
    ("validation", "The council should have written to you first."),
    ("validation", "Your key worker ought to have rung you back the same day."),
    ("validation", "You should have been offered a bed."),
    ("validation", "Nobody should have spoken to you like that."),
    ("validation", "You shouldn't have to explain it three times."),
    ("validation", "You deserved a proper explanation."),
    ("validation", "She owes you an apology."),
    ("validation", "That's a lot to deal with in one week."),
    ("validation", "That sounds exhausting."),
    ("validation", "It's completely normal to feel wobbly after a hearing."),
    ("validation", "That really sucks."),
    # sarcasm: mock praise for a mess, mock surprise, mock interest, irony about the service, swearing at the thing
    ("sarcasm_profanity", "Well, you've really managed to get yourself banned this time."),
    ("sarcasm_profanity", "Smart move that, telling the judge where to go."),
    ("sarcasm_profanity", "Nobody saw that coming."),
    ("sarcasm_profanity", "Imagine my surprise."),
    ("sarcasm_profanity", "Uh huh, fascinating."),
    ("sarcasm_profanity", "The council, such a well oiled machine."),
    ("sarcasm_profanity", "They'll ring you back when pigs fly."),
    ("sarcasm_profanity", "For crying out loud, it's one letter."),
    ("sarcasm_profanity", "It's a sodding form, just sign it."),
    # orders about feelings, voice or body, bare or put politely; names in street slang
    ("command_feelings", "Stop fretting about the letter."),
    ("command_feelings", "Okay, dry your eyes now."),
    ("command_feelings", "Calm the hell down."),
    ("command_feelings", "Dial it back a bit, mate."),
    ("command_feelings", "No crying, okay."),
    ("command_feelings", "It would help if you could calm down a bit."),
    ("command_feelings", "I just need you to breathe for a second."),
    ("command_feelings", "There's no point crying over it now."),
    ("labeling", "We get smackheads in here all the time."),
    ("labeling", "You're basically a beggar at this point."),
    ("labeling", "Your sort never learn."),
    ("labeling", "Once a junkie, always a junkie."),
    ("labeling", "Don't be such a whinger."),
    # premature advice: a bare order about the problem, first in its clause, and "you just need to"
    ("premature_advice", "Get a solicitor and fight it."),
    ("premature_advice", "Okay, ring the council first thing and ask for the housing team."),
    ("premature_advice", "Just write to them and keep a copy."),
    ("premature_advice", "Honestly, go back to the dentist and show them the letter."),
    ("premature_advice", "You really need to speak to your landlord."),
    # an order not to be what it calls the client: the name stands, and it orders how to be
    ("labeling", "Oh come on, don't be such a crybaby about a parking ticket."),
    ("command_feelings", "Oh come on, don't be such a crybaby about a parking ticket."),
    ("labeling", "Stop being a drama queen, it's one missed bus."),
    ("command_feelings", "Stop being a drama queen, it's one missed bus."),
    # the same order about feelings in other words, and a threat whose condition is the client's voice
    ("command_feelings", "Don't stress, the letter can wait till Monday."),
    ("command_feelings", "Come on, don't get yourself in a state over a parking fine."),
    ("command_feelings", "Stop beating yourself up about the rent."),
    ("command_feelings", "Keep mouthing off at the desk and you'll be out."),
    ("threat_ultimatum", "Keep mouthing off at the desk and you'll be out."),
    ("command_feelings", "If you can't stop whingeing about the queue I'll have to ask you to leave."),
    # "yes, but" turned on the client's account, and the other side defended
    ("arguing", "Yeah, but you signed the allotment rules when you joined."),
    ("arguing", "I hear you, but the thing is the deposit was always at risk."),
    ("arguing", "Okay, but that's not really how the waiting list works."),
    ("arguing", "Fair enough, but the surgery has its side of it too."),
    ("arguing", "Dentists don't strike people off for nothing."),
    ("arguing", "The warden wouldn't have towed it for no reason."),
    ("arguing", "Yeah, well, that's what they all say about the parking signs."),
    ("arguing", "The night staff are not out to get you, they're stretched."),
    # threats in other shapes: help withdrawn, a file closed, "either ... or", "do it again and"
    ("threat_ultimatum", "Skip Thursday and I'm not signing your attendance sheet again."),
    ("threat_ultimatum", "If you won't fill the form in, I'm closing your case today."),
    ("threat_ultimatum", "Either put the can away or I'm asking you to leave."),
    ("threat_ultimatum", "Lose the key again and you're off the rota."),
    ("threat_ultimatum", "If that happens again, I'm ringing your key worker."),
    # hindsight with its subject dropped, and a rhetorical "can you blame them?"
    ("judgment_blame", "Should've locked the van, shouldn't you."),
    ("judgment_blame", "honestly should have checked the signs before parking there"),
    ("judgment_blame", "With your record at the library, can you blame them?"),
    # minimising: a night that "won't kill you", "he'll survive", the rule as a wall
    ("minimizing", "One night on a mate's sofa won't kill you."),
    ("minimizing", "He'll survive a weekend without his phone."),
    ("minimizing", "No ID, no start date, that's the rule."),
    # a name in the plural is still a name
    ("labeling", "You frequent flyers always turn up on a Friday night."),
    ("labeling", "Half the winos in town queue here, you'll have to wait."),
    # keeping one's temper, in other dialects; "don't you" for weight is an order, not a question
    ("command_feelings", "Wind your neck in, it's one vote."),
    ("command_feelings", "Calm the farm, mate."),
    ("command_feelings", "Don't lose your head over a parking ticket."),
    ("command_feelings", "Don't be so touchy about the rota."),
    ("command_feelings", "Don't you raise your voice to me."),
    ("command_feelings", "Don't you worry about the forms."),
    # sanctions counted, recorded or dared; being shown the door after a condition
    ("threat_ultimatum", "That's strike two on the chores."),
    ("threat_ultimatum", "This is going on your record, mate."),
    ("threat_ultimatum", "Your counsellor is going to hear about this."),
    ("threat_ultimatum", "Push me and see what happens."),
    ("threat_ultimatum", "I won't tell you again about the dishes."),
    ("threat_ultimatum", "Next time it's a discharge."),
    ("threat_ultimatum", "If you can't keep to the curfew you can find another house."),
    # blame put as a verdict on the person's past or character
    ("judgment_blame", "You must have done something to upset the manager."),
    ("judgment_blame", "At forty you're old enough to know better."),
    ("judgment_blame", "That's nobody's fault but your own."),
    ("judgment_blame", "Walking out of the meeting isn't exactly helping yourself."),
    ("judgment_blame", "There's always an excuse with you."),
    ("judgment_blame", "Next time you'll listen when staff tell you."),
    ("judgment_blame", "You're so careless with your paperwork."),
    ("judgment_blame", "You're too quick to fly off the handle."),
    ("judgment_blame", "You let it get this far."),
    ("judgment_blame", "You dug this hole yourself."),
    ("judgment_blame", "You blew it, plain and simple."),
    ("judgment_blame", "You've been told a hundred times."),
    ("judgment_blame", "You're not doing yourself any favours."),
    ("judgment_blame", "The rules haven't changed, you just didn't read them."),
    # contradicting: a recogniser's "no you're wrong" is the typed "No, you're wrong"
    ("arguing", "No, you're wrong about that, the bus runs hourly."),
    ("arguing", "No, I never said that."),
    ("arguing", "I never told you that."),
    ("arguing", "That's not my understanding, the caseworker rang you."),
    ("arguing", "Let me stop you there."),
    ("arguing", "You're not listening to what I'm saying."),
    ("arguing", "Nobody's out to get you here."),
    ("arguing", "Hold on, you agreed to the plan last week."),
    ("arguing", "Come on, that's not how it went."),
    # a recovery house's sanctions, and the condition said after its penalty
    ("threat_ultimatum", "Your bed's gone if you're not back by nine."),
    ("threat_ultimatum", "You're gonna be on the curb if this keeps up."),
    ("threat_ultimatum", "Relapse and you're out."),
    ("threat_ultimatum", "Another dirty UA and you're gone."),
    ("threat_ultimatum", "Pack your bags."),
    ("threat_ultimatum", "You can kiss your bed goodbye."),
    ("threat_ultimatum", "That's a write-up."),
    ("threat_ultimatum", "You're one strike from out."),
    ("threat_ultimatum", "I'll be talking to your sponsor about this."),
    ("command_feelings", "Quit your bitching."),
    ("command_feelings", "Stop yer moaning."),
    ("command_feelings", "Haud yer wheesht."),
    ("command_feelings", "Pull your head in."),
    ("command_feelings", "Hold your horses."),
    ("command_feelings", "Check your attitude."),
    ("judgment_blame", "Quit playing victim."),
    ("judgment_blame", "You're the one who relapsed."),
    ("judgment_blame", "Your choices got you here."),
    ("judgment_blame", "You need to own your part."),
    ("judgment_blame", "You weren't working your steps."),
    ("labeling", "Don't be such a sook."),
    # the reaction or the treatment called fair to feel bad about
    ("validation", "That's a rotten way to be treated."),
    ("validation", "That's a proper kick in the teeth."),
    ("validation", "You had a right to know before they did it."),
    ("validation", "Your feelings about this make total sense."),
]

LOOK_ALIKES = [
    ("sarcasm_profanity", "It must be nice to have your own room at last."),
    ("sarcasm_profanity", "Good luck with the interview tomorrow."),
    ("sarcasm_profanity", "I'm sure you did your best."),
    ("sarcasm_profanity", "Make sure you did the form before Friday."),
    ("sarcasm_profanity", "Wow, you got the flat!"),
    ("sarcasm_profanity", "Oh wonderful news, they approved it!"),
    ("sarcasm_profanity", "You deserve a medal for getting through that."),
    ("minimizing", "It could get worse if they don't fix the mould."),
    ("minimizing", "You need at least two payslips."),
    ("apology", "You'll be sorry you did that."),
    ("apology", "Stop feeling sorry for yourself."),
    ("apology", "Sorry you feel that way."),
    ("minimizing", "That is how the job centre works: you apply, then they call you."),
    ("minimizing", "Six weeks is not long enough to sort a claim, so I'll push them."),
    ("minimizing", "A few days isn't much notice at all."),
    ("minimizing", "Ten pounds is not much for a week's food."),
    ("minimizing", "It wasn't just a bad day, it was months."),
    ("minimizing", "At least you called us first."),
    ("minimizing", "That's nothing to be ashamed of."),
    ("minimizing", "Your worries are not nothing to worry about."),
    ("arguing", "No, it's not your fault."),
    ("arguing", "No it's not stupid to ask."),
    ("arguing", "Yes, it was hard."),
    ("arguing", "Did the pharmacy phone you on Monday?"),
    ("arguing", "The pharmacy did not phone you, and that was wrong."),
    ("arguing", "They did their best to find you a bed."),
    ("arguing", "The hostel does breakfast at eight."),
    ("arguing", "She does seem worried about you."),
    ("arguing", "They told you that's nonsense?"),
    ("judgment_blame", "None of this is your own fault."),
    ("judgment_blame", "If you applied today you wouldn't get it until May."),
    ("judgment_blame", "If you told them about the hospital, they would not stop it."),
    ("judgment_blame", "Someone said you were playing the victim, and that hurt."),
    ("avoidance", "What you say here stays between you and me."),
    ("avoidance", "It's not my decision, but I can ask my manager with you."),
    ("validation", "How hard is it to get there?"),
    ("validation", "It's not awful, honestly, it's a small form."),
    ("validation", "No one should be shouting in here."),
    ("validation", "Nobody should be smoking by the door."),
    ("choice_autonomy", "It's not okay with you, I can tell."),
    ("threat_ultimatum", "I'm not going to call security."),
    ("threat_ultimatum", "I'm warning you that the office closes at five."),
    ("threat_ultimatum", "We can talk now, or I'm calling you back after lunch."),
    ("threat_ultimatum", "Next time you come in, ask for me at the desk."),
    ("threat_ultimatum", "Ring me before the doctor is coming round, if you can."),
    ("threat_ultimatum", "There will be no charge for the replacement card."),
    ("threat_ultimatum", "If I see you at the desk I'll wave you over."),
    ("threat_ultimatum", "You have until the end of the month to send it in."),
    ("threat_ultimatum", "Nobody is going to tell your probation officer."),
    ("command_feelings", "That's enough for today."),
    ("command_feelings", "Be patient with yourself."),
    ("command_feelings", "They told you to shut up?"),
    ("minimizing", "It's one of the hardest things there is."),
    ("minimizing", "You're fine to go in now."),
    ("arguing", "We're doing our best to get you a bed."),
    ("judgment_blame", "You were supposed to get a call back and nobody rang."),
    ("judgment_blame", "This is the third time this month they've cancelled on you."),
    ("choice_autonomy", "You don't have to go through this alone."),
    ("command_feelings", "I can't cut it out for you."),
    ("minimizing", "We have to follow the procedure, but I'll push for an exception."),
    ("judgment_blame", "That's why you're so tired."),
    ("judgment_blame", "How hard is it for you to get to the office?"),
    ("avoidance", "What do you want me to do first?"),
    ("sarcasm_profanity", "Do you think the new flat is too far?"),
    ("arguing", "The nurses are really busy today, so I'll go and ask for you."),
    ("judgment_blame", "They said you were asking for trouble, which is cruel."),
    ("sarcasm_profanity", "Sure, of course."),
    ("sarcasm_profanity", "Yeah, of course I'll wait with you."),
    ("command_feelings", "I wanted to see it but relax at home instead."),
    ("sarcasm_profanity", "You could tell someone who cares about you."),
    ("minimizing", "We can deal with it together."),
    ("minimizing", "Happens to all of us, I lost track of my own days last month."),
    ("minimizing", "Give them the breaks they need."),
    ("arguing", "We have done the forms for you, they're in the tray."),
    ("minimizing", "At least you've got the paperwork done, that was a big job."),
    ("minimizing", "At least you've got this far on your own."),
    ("validation", "It's not that I blame you, but the form is late."),
    ("avoidance", "We can talk more about it later if you want."),
    ("avoidance", "Let's talk about this tomorrow, but right now I'm here with you."),
    ("avoidance", "Can we talk about the kids?"),
    ("sarcasm_profanity", "That is a great attitude to have."),
    ("sarcasm_profanity", "Here we go, this is the form I mentioned."),
    ("sarcasm_profanity", "The hotel near the station has rooms tonight."),
    ("sarcasm_profanity", "I'm not your mother, but I do care what happens to you."),
    ("sarcasm_profanity", "It's just brilliant that you called."),
    ("sarcasm_profanity", "Let me just pull up your file."),
    ("sarcasm_profanity", "Thanks a lot for telling me about the letter."),
    ("sarcasm_profanity", "You know best what works for you."),
    ("sarcasm_profanity", "I'm sorry for the wait."),
    ("sarcasm_profanity", "It's not your fault, it's ours."),
    ("apology", "Sorry for existing."),
    ("judgment_blame", "You're angry because they didn't send the form."),
    ("judgment_blame", "Nobody owes you an explanation more than the council does."),
    ("judgment_blame", "You feel like the world owes you nothing now, after all that."),
    ("premature_advice", "You must be exhausted after a night like that."),
    ("premature_advice", "You must be feeling so let down."),
    ("premature_advice", "It sounds like there's something you need to get off your chest."),
    ("minimizing", "A wash is the first thing I'd want too, with an interview tomorrow."),
    ("minimizing", "That's not a small thing, it's a crisis for you right now."),
    ("judgment_blame", "If you'd got the letter, it would have told you the office moved."),
    ("arguing", "We didn't know either, and I'm sorry nobody told you."),
    ("avoidance", "I'll ask someone else to bring the towels over for you."),
    ("labeling", "They said you were trouble, a junkie, a waste of space."),
    ("judgment_blame", "Refusing to pay him back, that's just stubborn of him."),
    ("labeling", "The landlord sounds like a nightmare."),
    ("judgment_blame", "If you'd known, you'd have been there, I'm sure of it."),
    ("premature_advice", "You shouldn't be the one paying for their mistake."),
    ("sarcasm_profanity", "Oh, what a nightmare for you, I'm so sorry."),
    ("validation", "The situation with the refund is in their policy."),
    ("validation", "It's no surprise party, just a chat with the manager."),
    ("premature_advice", "I'd ring the school for you if you like."),
    ("premature_advice", "Have you thought about how you'd like it to go?"),
    ("premature_advice", "What I would do is up to you."),
    ("premature_advice", "We can work out what you want to do about the school."),
    ("command_feelings", "he stayed calm so i stayed calm too"),
    ("minimizing", "It's a fresh start you've worked for, and you can be proud of it."),
    ("minimizing", "Think of the people who helped you get this far, they'd be proud."),
    ("minimizing", "It's not a small thing, it's your home."),
    ("arguing", "You don't know that yet, and that's the hard part, isn't it?"),
    ("arguing", "Be fair to yourself, you did everything right."),
    ("arguing", "We've been over this together, and you've done really well."),
    ("arguing", "It doesn't make sense that they stopped the payment."),
    ("arguing", "I'm not saying you're wrong."),
    ("labeling", "The noise from the road is a nuisance at night."),
    ("labeling", "You're not a nuisance, you're welcome here."),
    ("judgment_blame", "The room's a mess after the move, sorry."),
    ("choice_autonomy", "You know him from the school gate, don't you?"),
    ("arguing", "You did nothing wrong."),
    ("arguing", "You can't blame yourself for that."),
    ("arguing", "Take your time, finish what you were saying."),
    ("minimizing", "I can't see a silver lining in any of this."),
    ("minimizing", "We're here for a reason: to get you a bed tonight."),
    ("judgment_blame", "It wasn't a stupid thing to do at all."),
    ("judgment_blame", "You can thank yourself for getting through the night."),
    ("threat_ultimatum", "Either you call them or I can, whichever you'd rather."),
    ("threat_ultimatum", "You've got five minutes to finish your tea, no rush after that."),
    ("threat_ultimatum", "If you can't get through, you can go to the front desk with me."),
    # a helpful outcome after a condition, a threat about an action (not the voice), encouragement
    ("threat_ultimatum", "If you can't pay, the council will stop the eviction while we appeal."),
    ("threat_ultimatum", "Keep going and you'll get there."),
    ("threat_ultimatum", "If you keep going to group, they're going to see how well you're doing."),
    ("command_feelings", "If you come back drunk again, I'll have to ask you to leave."),
    # hindsight about the client's own family said without "you" after it, a report, the helper's own miss
    ("validation", "Your brother should have known better than to lend him money."),
    ("validation", "He should have stopped drinking years ago, you said."),
    ("validation", "You should have told them."),
    # "just" before an order about feelings is that order, not a fix; the speaker's own plan told to the client
    ("premature_advice", "Just relax, okay."),
    ("premature_advice", "Just let it go, it was one bad day."),
    ("premature_advice", "I'd tell you first."),
    ("closed_question", "Do that again and I'll have you removed."),
    ("closed_question", "Keep this up and the manager will have you barred."),
    # the speaker's own worry, a report, a description, reassurance about a feeling, a third party who wronged them
    ("command_feelings", "I can't stop fretting about you."),
    ("command_feelings", "They told you to dry your eyes and get on with it."),
    ("command_feelings", "There are no tears left, you said."),
    ("command_feelings", "Crying is nothing to be scared of."),
    ("labeling", "He is a thief, he took your money."),
    # sincere thanks, interest and shock, and real praise
    ("sarcasm_profanity", "Thanks for sharing that with me, it helps."),
    ("sarcasm_profanity", "Please do go on, I'm listening."),
    ("sarcasm_profanity", "I'm shocked they did that to you."),
    ("sarcasm_profanity", "Well done, you managed to get here on time."),
    # the helper acting, the client's own pace, a purpose, a thought that will not go away
    ("avoidance", "I'll talk to the office for you."),
    ("avoidance", "Let's not talk about it until you're ready."),
    ("avoidance", "I'm just here to help."),
    ("avoidance", "I can't stop thinking about what you said."),
    ("avoidance", "It's not for me to say, it's your decision."),
    # the client's own worth, injustice named, the system's facts offered, a wrong number
    ("arguing", "You don't deserve that."),
    ("arguing", "You work so hard for your kids."),
    ("arguing", "That's not how it should be, you deserved better."),
    ("arguing", "Sorry, wrong number."),
    ("arguing", "I can see it on the system, you're booked in for Tuesday."),
    ("arguing", "You were ignored, and that's not on."),
    # a reframe that clears the client, a trait praised, a thing that is nothing to do with them
    ("minimizing", "It's their mistake, not yours."),
    ("minimizing", "It's a sign of how much you care, not weakness."),
    ("minimizing", "It's not like you to miss a meeting."),
    ("minimizing", "Honestly, it's nothing to do with you."),
    ("minimizing", "It's nothing you did."),
    # what the client was owed, a negated fault, kindness, someone else's delay, a right
    ("judgment_blame", "You should have been kept informed."),
    ("judgment_blame", "You should never have been left waiting like that."),
    ("premature_advice", "You should never have been left waiting like that."),
    ("judgment_blame", "I'm not saying this is your fault."),
    ("judgment_blame", "It's not down to you to fix their mistake."),
    ("judgment_blame", "That was really kind of you."),
    ("judgment_blame", "They had all week to reply and didn't."),
    ("judgment_blame", "You had every right to be angry."),
    # praise, a passive done to the client, a report; a criminal record; time that suits the client
    ("judgment_blame", "You're being so patient with all of this."),
    ("judgment_blame", "You're being really hard on yourself."),
    ("judgment_blame", "It sounds like you're being pushed out of your own home."),
    ("judgment_blame", "You're being kept in the dark, and that's not fair."),
    ("judgment_blame", "You're being a good dad to him."),
    ("judgment_blame", "They said you were being aggressive, and you weren't."),
    ("judgment_blame", "Come in whenever it suits you."),
    ("labeling", "A criminal record shouldn't stop you getting a flat."),
    # the same verbs inviting the client to the helper, acting together, asked about, reported or passed on
    ("premature_advice", "Call me any time, day or night."),
    ("premature_advice", "Tell me more about the letter."),
    ("premature_advice", "Let's ring the council together."),
    ("premature_advice", "We can write to them this afternoon if you like."),
    ("premature_advice", "Did you get a letter from them?"),
    ("premature_advice", "When do you need to be at the hearing?"),
    ("premature_advice", "If you need to step out for a minute, that's fine."),
    ("premature_advice", "They told you to ring the council, and nobody picked up."),
    ("premature_advice", "Not my problem, ask the office."),
    ("labeling", "You're not a crybaby for feeling this, it's a lot."),
    ("labeling", "I don't want to be a nuisance, ring me back whenever."),
    ("labeling", "Your sister told you not to be such a drama queen, and that stung."),
    ("command_feelings", "Don't be a stranger, the door's open on Thursdays."),
    ("command_feelings", "You said you'd been beating yourself up about it all week."),
    ("command_feelings", "If the stress gets too much, ring me and I'll come round."),
    ("command_feelings", "I won't ring security even if you shout, I'd rather we talked."),
    ("command_feelings", "Keep ringing them every morning and you'll get an appointment."),
    ("arguing", "I know, but that's not your fault, and we can ring them together."),
    ("arguing", "Yeah, but you did the right thing telling me about the tow."),
    ("arguing", "I hear you, but let's see what the surgery can offer first."),
    ("threat_ultimatum", "Either way, I'm not giving up on you."),
    ("minimizing", "The cold could kill you out there, let's find you a bed tonight."),
    ("minimizing", "The council say the library will survive the cuts."),
    ("judgment_blame", "Should I have rung the pound for you first?"),
    ("judgment_blame", "Should have rung you back yesterday, sorry about that."),
    ("judgment_blame", "The pound should have told you about the tools."),
    ("threat_ultimatum", "Try the number again and let me know how it goes."),
    ("threat_ultimatum", "I'm not signing the sheet yet, it needs your key worker's name first."),
    ("threat_ultimatum", "If it turns into a row, we can step outside together."),
    ("arguing", "You didn't queue all morning for nothing, the form's in."),
    ("arguing", "Did they strike you off for no reason?"),
    ("arguing", "Your sister said that's what they all say, and it stung."),
    ("command_feelings", "You never lose your temper with the kids, that's what I admire."),
    ("command_feelings", "I lost my head at the meeting and I'm not proud of it."),
    ("command_feelings", "Don't be so hard on yourself about the rota."),
    ("threat_ultimatum", "We'll hear about that on Monday, when the results come."),
    ("threat_ultimatum", "Let's try the house meeting and see what happens."),
    ("threat_ultimatum", "Try it again and see if the machine takes your card."),
    ("threat_ultimatum", "If you'd rather, you can find another worker, I won't mind."),
    ("threat_ultimatum", "He told you that's strike two?"),
    ("judgment_blame", "You must have done something brave to get through that winter."),
    ("judgment_blame", "Your boy is old enough to know the bus route now."),
    ("judgment_blame", "It was nobody's fault, the boiler just went."),
    ("judgment_blame", "You're helping yourself by keeping the appointment."),
    ("judgment_blame", "There's always a bed for you here on a cold night."),
    ("judgment_blame", "Next time you'll have the letter with you, so it'll be quicker."),
    ("judgment_blame", "You're too quick to blame yourself for it."),
    ("judgment_blame", "You're so careful with your paperwork."),
    ("judgment_blame", "You let it go, and that took strength."),
    ("arguing", "No one is going to call security, you're safe here."),
    ("arguing", "No, you are not in any trouble."),
    ("arguing", "Hold on, you said they kept your ID?"),
    ("arguing", "Hang on, let me get a pen."),
    ("arguing", "It doesn't add up, you paid every week."),
    ("validation", "That's a quick way to treat the boiler, just switch it off at the wall."),
    ("threat_ultimatum", "You'll get your deposit back if you don't damage anything."),
    ("threat_ultimatum", "We'll hold the bed if you can't get here before ten."),
    ("threat_ultimatum", "You'll be out of the cold if you come inside."),
    ("threat_ultimatum", "I'll be talking to your sponsor about the meeting times."),
    ("threat_ultimatum", "So they're saying it's your third strike, and you don't think the first one was fair."),
    ("judgment_blame", "You're the one who gets to decide."),
    ("validation", "Your feelings about the move are yours to talk through when you want."),
]


@pytest.mark.parametrize(("category", "text"), SHAPES)
def test_everyday_shape_is_found_typed_and_from_a_recogniser(category, text):
    assert category in cats(text)
    assert category in cats(plain_form(text))


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("judgment_blame", "He said Friday and you ignored it, that's on you."),
        ("judgment_blame", "I don't think you're thinking straight, you're being ridiculous."),
        ("arguing", "He never said Friday, you're making that up."),
        ("arguing", "I don't know why you think he has to give it back, that's not true."),
    ],
)
def test_a_flag_after_a_report_ended_by_a_comma_stands(category, text):
    """A comma that opens the speaker's own clause ends the report. Without punctuation ("he never said friday you're
    making that up") the report may run on, so these are asserted as typed only."""
    assert category in cats(text)


@pytest.mark.parametrize(("category", "text"), LOOK_ALIKES)
def test_sincere_look_alike_is_not_flagged(category, text):
    assert category not in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "We'll sort it out together, okay?",
        "You rang them on Monday, right?",
        "He wasn't happy about it, was he?",
        "it's freezing in here isn't it",
        "so you rang them on monday didn't you",
    ],
)
def test_a_tag_makes_no_question(text):
    """With a comma, or as the last words of a recogniser's sentence whose subject the tag repeats."""
    assert not cats(text) & {"closed_question", "open_question"}


@pytest.mark.parametrize(
    "text",
    [
        "Missed appointments can lead to a sanction, which is why I'd like to rebook this one today.",
        "I spoke to your key worker, who says the room is still yours.",
        "Had you been told about the deadline, you'd have met it.",
        "Should the landlord refuse, we can take it to the council.",
    ],
)
def test_a_relative_clause_or_an_inverted_condition_asks_nothing(text):
    assert not cats(text) & {"closed_question", "open_question", "why_question"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The bus or the train, which would you rather?", "closed_question"),
        ("Had you eaten anything before the appointment?", "closed_question"),
        ("did you ring them or did you", "closed_question"),
        ("Could you not tell me a bit more about the letter?", "open_question"),
        ("Can you not sleep at all at the moment?", "closed_question"),
        ("Don't you think the rota should be fairer?", "closed_question"),
        ("don't you want to ring your sister first", "closed_question"),
    ],
)
def test_the_same_words_still_ask_when_they_ask(text, kind):
    assert kind in cats(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Could you not yell at me across the desk?", "command_feelings"),
        ("um can you just not swear at me please", "command_feelings"),
        ("Can we not do this again today?", "avoidance"),
        ("Did it not occur to you to ring us first?", "judgment_blame"),
        ("Can you not see you've done this to yourself?", "judgment_blame"),
    ],
)
def test_a_request_or_reproach_put_as_a_question_carries_its_act_only(text, category):
    found = cats(text)
    assert category in found
    assert not found & {"closed_question", "open_question"}


@pytest.mark.parametrize(
    "text", ["Are you serious?", "What do you want me to do about it?", "How hard is it to turn up on time?"]
)
def test_a_rhetorical_question_carries_its_act_not_a_question_form(text):
    assert not cats(text) & {"closed_question", "open_question"}


def test_a_negated_contradiction_is_not_an_argument():
    assert "arguing" not in cats("No, that isn't stupid at all.")
    assert "open_question" not in cats("that's not what happened")


@pytest.mark.parametrize(
    ("text", "invites"),
    [
        ("I'm glad you came in to tell me about the money.", False),
        ("you rang to tell me about the letter", False),
        ("I'd like you to tell me about the hospital.", True),
    ],
)
def test_tell_me_after_why_someone_came_reports_and_does_not_invite(text, invites):
    assert ("open_question" in cats(text)) is invites


def test_an_inverted_condition_before_a_would_asks_nothing():
    assert not cats("Had you rung them first, none of this would have happened.") & {"closed_question", "open_question"}
    assert "closed_question" in cats("Had you heard about the hardship fund before today?")


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        (
            "Four hours in the queue? That's not true, nobody waits four hours.",
            {"arguing"},
            {"closed_question", "reflection"},
        ),
        ("four hours in the queue? that's not true", {"arguing"}, {"closed_question", "reflection"}),
        (
            "They sanctioned you after four hours in the queue? That's outrageous.",
            {"reflection", "validation"},
            {"closed_question"},
        ),
        ("They sanctioned you? What did the letter say?", {"closed_question", "reflection", "open_question"}, set()),
        ("They sanctioned you after all that waiting?", {"closed_question", "reflection"}, set()),
    ],
)
def test_an_echo_the_speaker_answers_at_once_asks_nothing(text, kept, dropped):
    """A statement read as a question, then the speaker's own verdict: disbelief (no question, no reflection) or
    indignation on the client's side (a reflection, no question). Followed by a real question, or by nothing, it
    still asks."""
    found = cats(text, client="I sat in the job centre queue for four hours and they still sanctioned me.")
    assert kept <= found
    assert not found & dropped


@pytest.mark.parametrize(
    ("text", "arguing"),
    [
        ("That's bullshit, they can't stop your money for a hospital stay.", False),
        ("that's rubbish the council shouldn't be doing that", False),
        ("That's rubbish, they're not allowed to cut you off like that.", False),
        ("That's bullshit and you know it.", True),
        ("That's rubbish, you can't be serious.", True),
        ("That's rubbish, they're not going to stop anything.", True),
    ],
)
def test_words_that_side_with_the_client_do_not_argue(text, arguing):
    """ "That's rubbish" disputes the client or sides with them; the next clause says which."""
    found = cats(text, client="They stopped my money while I was in hospital.")
    assert "validation" in found
    assert ("arguing" in found) is arguing


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Why can't you just be on time like everybody else in the house?", "judgment_blame"),
        ("Why did you even bother coming to group?", "judgment_blame"),
        ("Why do you always do this on a Friday?", "judgment_blame"),
        ("Why can't you people ever fill the form in right?", "labeling"),
    ],
)
def test_a_why_that_judges_carries_the_judgment_only(text, flag):
    found = cats(text)
    assert flag in found
    assert "why_question" not in found


@pytest.mark.parametrize("text", ["Why didn't you ring the house manager?", "why would you want to move out"])
def test_a_why_asked_for_a_reason_stays_a_why_question(text):
    assert "why_question" in cats(text)
