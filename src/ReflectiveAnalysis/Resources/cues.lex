# ReflectiveAnalysis cue lexicon, format 1.
# Written by the project team for this library (not copied from any published word list).
#
# [family signal]     starts a family; signal is the category or criterion it is evidence for.
# @first-person       the phrase counts only with I/we/my/our within the three tokens before it.
# @weights c=w ...    weights the lexicon scorer (used when no trained model is loaded) adds to each category's score.
# @criteria c=w ...   weights the lexicon scorer adds to each criterion (personal, organisational, wider).
# A line "words: a b c" lists single-word phrases; any other line is one phrase of one or more words,
# matched case-insensitively on whole tokens. A trailing * on a phrase's last word matches any word that starts with it (realis* matches realise, realised, realisation).

# [bias other] holds no phrases: its @weights are the scorer's per-category starting scores.
[bias other]
@weights other=0.9 experience=0.8 feeling=0.1 reflection=0.3 belief=-0.2 difficulty=-0.2 perspective=-0.8 learning=-0.8 intention=-0.8

[cognition reflection]
@first-person
@weights reflection=1.6 learning=0.3 belief=0.3
words: realis* realiz* think thought wonder* notic* understood understand recognis* recogniz* consider* reflect* question* conclud* suspect suppos* assum* doubt* appreciat* suspected

[causal reflection]
@weights reflection=1.2 belief=0.2 difficulty=0.1
words: because therefore consequently thus hence
as a result
due to
so that
in order to
which meant
this meant
that meant
led to
the reason
resulted in
caused by
owing to
this is why
that is why

[contrast reflection]
@weights reflection=0.8 difficulty=0.4 perspective=0.2
words: however although whereas nevertheless nonetheless despite instead yet though
on the other hand
even though
rather than
in contrast
at the same time

[hedge reflection]
@weights reflection=0.8 belief=0.4 perspective=0.2 experience=-0.3
words: might may could perhaps possibly probably seems seemed appears appeared likely unlikely arguably presumably
to some extent
it is possible
i suspect
not sure

[self-question reflection]
@weights reflection=1.3 difficulty=0.3
i asked myself
i wonder
what if
should i have
could i have
why did
how could
was it
did i
i questioned

[analysis reflection]
@weights reflection=1.4 learning=0.3 experience=-0.4
in hindsight
with hindsight
in retrospect
looking back
on reflection
reflecting on
this suggests
which suggests
it became clear
it became apparent
words: evaluat* analys* analyz* assess* insight* implication* impact effective effectiveness significan*
the extent
the effect
the evidence

[theory reflection]
@weights reflection=1.0 belief=0.3 learning=0.2
words: kolb gibbs schön schon rolfe theory theories framework frameworks literature model models
according to
research shows
research suggests
et al
reflective cycle
evidence-based
evidence based

[earlier-practice learning]
@weights learning=1.0 reflection=0.5 intention=0.2
words: previously initially beforehand
in the past
used to
at first
before this
compared with
compared to
no longer
since then
than before
any more
than i expected
now i
i now

[learning learning]
@weights learning=3.0 reflection=0.3
i learned
i learnt
i have learned
i have learnt
i've learned
i've learnt
taught me
i now understand
i discovered
made me realise
made me realize
showed me
has shown me
i gained
i have gained
gave me
improved my
my understanding
changed my
i have become
i became more
i am now
lesson
lessons
learning point
take away
takeaway

[future intention]
@weights intention=2.2 belief=0.2 experience=-0.5
words: will i'll we'll shall
going to
plan to
planning to
i plan
we plan
words: intend*
aim to
i aim
i hope to
i would like to
i'd like to
i want to
my goal
my next step
next step
next steps
next year
next time
in future
in the future
going forward
moving forward
from now on
over the coming
in the coming

[feeling feeling]
@weights feeling=2.2 experience=-0.2
words: felt feel feeling feelings nervous* anxious anxiety happy happier proud frustrat* enjoy* worried worry excit* disappoint* confident confidence overwhelm* relieved relief pleased surpris* delighted stress* uncomfortable daunt* rewarding satisf* embarrass* uneasy glad grateful angry upset scared afraid fun loved hated bored boring unhappy joy thrilled terrified shocked annoyed annoying sad comfortable awkward hopeful

[belief belief]
@weights belief=2.0 reflection=0.2
words: should must ought essential vital crucial necessary importance important
i believe
in my opinion
in my view
i am convinced
it is important
key to
i strongly
principle*
value*
fundamental
i feel that
i think that

[difficulty difficulty]
@weights difficulty=2.0 reflection=0.2
words: difficult* challeng* problem* struggl* hard barrier* obstacle* fail* unfortunately mistake* wrong complain* resist* reluctan* conflict* tension* pressure* confus* frustrating chaotic chaos
could not
couldn't
lack of
too much
too many
not enough
did not work
didn't work
went wrong

[perspective perspective]
@weights perspective=3.0 reflection=0.3
words: perspective* viewpoint*
point of view
from their
in their eyes
through the eyes
through their eyes
they felt
users felt
staff felt
students felt
colleagues felt
they told me
they said
told me that
for the users
from the user's
from the users'
seen from
their experience
their needs
how they saw
how others
other people
would have seen
might have seen
on their side
put myself in

[action experience]
@weights experience=1.2 reflection=-0.2
words: attended organised organized delivered ran created completed produced arranged managed led wrote prepared designed launched updated catalogued trained presented helped worked joined participated visited answered started began finished sent received contacted spoke met took gave made did went came held
set up
took part
responsible for
my role
was asked
were asked

[time experience]
@weights experience=0.8 other=0.2
words: yesterday today tomorrow afterwards then later during monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december morning afternoon
last week
last month
last year
this year
this week
after that
at the end

[evidence other]
@weights other=1.2 experience=0.2
words: evidence appendix appendices annex annexe
see e
see evidence

[organisational organisational]
@criteria organisational=1.0
words: library libraries service services team users user readers reader patrons customers customer staff stakeholders strategy strategic budget budgets department organisation organization organisational organizational trust firm school university college council branch branches collection collections catalogue catalog footfall loans usage management board kpi kpis clients client members pupils students clinicians lawyers fee researchers faculty department's employer workplace colleagues manager managers
senior leadership
our service
the service
the library
the business
performance indicators
service users
my organisation
my organization
the organisation
the organization
annual report

[wider wider]
@criteria wider=1.0
words: cilip profession professional professionals sector sectors national nationally conference conferences network networks networking pksb ethics ethical literature journal journals article webinar* peers advocacy lis sconul international internationally regional regionally standards
professional body
community of practice
communities of practice
across the sector
the wider
other libraries
other services
other sectors
best practice
special interest group
library and information
information profession
the profession
professional knowledge
elsewhere in

[personal personal]
@criteria personal=1.0
words: myself skills skill confidence development strengths weaknesses career ability abilities competence
my own
my practice
my knowledge
my performance
my development
my role
my skills
my confidence
professional development
personal development
i improved
i developed
my learning
my career
my strengths
my weaknesses
words: mentor mentoring mentee
