"""The cue suggester's lexicon: word lists written for this project, grouped by what they cue.

The lists are the project's own; what they encode comes from the literature:

- Promotional language: Millar, Batalo & Budgell (2022), "Trends in the use of promotional
  language (hype) in abstracts of successful National Institutes of Health grant
  applications, 1985-2020", JAMA Network Open 5(8): e2228676. They tracked 139 promotional
  adjectives (novelty, importance, rigour, scale, ...) and found their use rising steadily.
  We keep the idea (adjectives of novelty, importance and scale claim more than they show)
  and write tech-news words of our own.
- Hedges and weasel words: the CoNLL-2010 shared task (Farkas et al. 2010, "Learning to
  detect hedges and their scope in natural language text"), on BioScope (hedge cues:
  modals, "suggest", "appear", "possible", "likely") and Wikipedia (weasel words: "some
  say", "it is believed", "reportedly", claims without a named source).
- Claim strength: Yu, Li & Wang (2019), "Detecting causal language use in science
  findings" (EMNLP), a ladder of no relation / correlational / conditional causal / direct
  causal; Wright & Augenstein (2021), "Semi-supervised exaggeration detection of health
  science press releases" (EMNLP): a press release exaggerates by climbing that ladder.
  Conditional causal wording ("could cut", "may lead to") is a hedge here; certainty the
  evidence does not show ("proves", "guarantees", "is bound to") is hype.
- Check-worthy claims: ClaimBuster (Hassan, Li & Tremayne 2015; Hassan et al. 2017, KDD):
  the features of a checkable factual claim are numbers and quantities, dates, past-tense
  events and named sources.

Every entry is a lowercase phrase matched on word boundaries; a space matches any run of
whitespace and an apostrophe matches ' or ’. The rules that give them meaning in context
are in ``cues.py``.
"""

from __future__ import annotations

# Speech and report verbs that name a source for a claim (ClaimBuster: attributed claims).
ATTRIBUTION = """
according to | said | says | told | reported | reports | announced | confirmed | disclosed
| stated | wrote | testified | filed | published | showed | shows | found | data from
| figures from | in a statement | in a filing | a spokesperson | a spokeswoman | a spokesman
| in an interview | in a report | estimates from | survey by | an analysis by
"""

# Past-tense events a reader could look up (launches, deals, changes in a measure).
PAST_EVENT = """
launched | released | shipped | acquired | bought | sold | raised | hired | laid off | cut
| fired | opened | closed | signed | agreed to buy | completed | merged | fined | sued
| rose | fell | grew | dropped | declined | increased | decreased | doubled | tripled
| halved | posted | recorded | reached | surpassed | overtook | delivered | unveiled
| introduced | began | started | ended | won | lost | was founded | went public | recalled
"""

# Claims about the future: a prediction, a schedule, an expectation.
FUTURE = """
will | won't | will likely | is expected to | are expected to | was expected to | expected to
| is set to | are set to | is poised to | are poised to | is slated to | are slated to
| is likely to | are likely to | is unlikely to | are unlikely to | is due to | are due to
| is going to | are going to | is on track to | could soon | may soon | will soon
| in the coming | in the years ahead | in the next | next year | next quarter | next month
| by the end of the decade | in the future | eventually | forecast | forecasts | predicts
| predicted | projected to | expects | expect | anticipates | anticipate
"""

# Possibility, not fact (CoNLL-2010 hedge cues: modals and their kin).
MODAL = """
could | might | may | would | could become | might become | may become | can be expected
| possibly | perhaps | potentially | conceivably | maybe
"""

# Aims and plans: what someone wants to happen, not what has happened.
AIM = """
aims to | aim to | aiming to | plans to | plan to | planning to | intends to | intend to
| hopes to | hope to | hoping to | seeks to | seek to | wants to | want to | is working to
| are working to | is trying to | are trying to | promises to | promised to | pledged to
| vows to | vowed to | has ambitions | ambition to | goal is to | is targeting | targets
| is preparing to | are preparing to | is considering | are considering | is exploring
| in talks to | is in talks | are in talks
"""

# Weasel words and hedges: a claim without a named source, or one the writer holds loosely.
HEDGE = """
reportedly | allegedly | rumored | rumoured | rumors | rumours | speculation | it is believed
| is believed to | are believed to | is thought to | are thought to | some say | some believe
| some analysts | critics say | experts say | observers say | people familiar with | sources say
| appears to | appear to | seems to | seem to | suggests | suggest that | likely | unclear
| uncertain | remains to be seen | it is possible | possible that | could be | might be
| according to people familiar | it remains unclear | may have | could have | might have
"""

# Conditionals: the claim holds only if something else happens.
CONDITIONAL = """
if | unless | provided that | assuming | should regulators | should the | in the event
| as long as | only if | whether
"""

# Superlatives of praise or scale. Plain "largest" and "first" are here too; a number or a
# named source in the same sentence can outweigh them (see cues.py).
SUPERLATIVE = """
greatest | best | best ever | biggest | most powerful | most advanced | most important
| most ambitious | most exciting | most innovative | most capable | fastest | smartest
| most significant | strongest | boldest | finest | ultimate | the largest | the first ever
| of all time | in history | the most | second to none | best in class | best-in-class
"""

# Promotional adjectives of novelty, importance and scale (after Millar et al.'s categories).
PROMOTIONAL = """
revolutionary | groundbreaking | ground-breaking | game-changing | game changer
| game-changer | formidable | unprecedented | stunning | breathtaking | incredible
| remarkable | transformative | disruptive | cutting-edge | state-of-the-art | world-class
| paradigm-shifting | paradigm shift | seamless | magical | jaw-dropping | mind-blowing
| unparalleled | unrivaled | unrivalled | unmatched | unstoppable | visionary | dazzling
| blazing-fast | blazing fast | lightning-fast | astonishing | extraordinary | spectacular
| phenomenal | legendary | iconic | epic | monumental | historic
| once-in-a-generation | one of a kind | next-level | superpower | miracle | miraculous
| sensational | explosive | meteoric | staggering | brilliant | amazing | awesome
| breakthrough | leap forward | quantum leap | giant leap | unbeatable | flawless
| masterpiece | marvel | visionaries | hailed | hails | dream come true | must-have
"""

# Milder words of scale and emphasis: loaded, but often used plainly too.
INTENSIFIER = """
massive | huge | enormous | dramatic | dramatically | radically | radical | bold | perfect
| insanely | wildly | truly | hugely | vastly | immensely | mega | giant | blockbuster
| record-breaking | skyrocketing | soaring | surging | exploding
"""

# War, race and sport metaphors for markets: loaded framing, not a finding.
WAR = """
arms race | race for | race to | battle for | battle over | war over | war for | price war
| chip war | chip wars | ai war | ai wars | supremacy | dominance | dominate | dominates
| dominating | crush | crushes | crushing | juggernaut | titan | titans | onslaught
| showdown | ai supremacy | fight for | conquer | conquers | throne | crown | king of | kingmaker
| killer | kill off | greatest rival | biggest rival | arch-rival | archrival | enemy
| weapon | firepower | battleground | front line | frontline | arsenal | war chest
| head-to-head | blitz | leapfrog | leapfrogs | outgun | outguns | annihilate | destroy
"""

# Claims of leadership, hype when no source stands behind them.
LEADERSHIP = """
the world's leading | world's leading | world leader | industry-leading | industry leading
| market-leading | the leader in | a leader in | the leading | number one
| the gold standard | leads the industry | leads the world | ahead of everyone
| ahead of the pack | top dog | unquestioned leader | undisputed leader | pioneer
| the pioneer | pioneering | leading the charge | light-years ahead | years ahead of
| in the dust | in a league of its own | in a class of its own
"""

# Sweeping claims: everything changes, forever, for everyone.
SWEEPING = """
change everything | changes everything | changed everything | change the world
| changes the world | the future of | redefine | redefines | redefining | reshape | reshapes
| revolutionize | revolutionise | revolutionizes | transform | transforms | transforming
| reinvent | reinvents | like never before | never before | forever | the next big thing
| new era | a new age | usher in | ushers in | nothing short of | beyond imagination
| make obsolete | render obsolete | the death of | game over | proves | proved
| guarantees | guaranteed | undeniably | without doubt | without a doubt | inevitably
| is bound to | certainly | definitely | unstoppable force | everyone | everything
"""

# Words that turn a cue around when they come just before it.
NEGATION = """
not | no | never | neither | nor | cannot | without | hardly | far from | denied | denies
| declined to | refused to | rejected
"""

MONTHS = """
january | february | march | april | may | june | july | august | september | october
| november | december | jan | feb | mar | apr | jun | jul | aug | sep | sept | oct | nov | dec
"""

WEEKDAYS = "monday | tuesday | wednesday | thursday | friday | saturday | sunday"

# Dates without a number (a year or a day of the month is found as a number).
RELATIVE_DATES = """
last year | last month | last week | last quarter | yesterday | earlier this year
| earlier this month | earlier this week | a year ago | a year earlier | first quarter
| second quarter | third quarter | fourth quarter | first half | second half | q1 | q2 | q3
| q4 | holiday quarter | fiscal
"""

# Units that turn a bare number into a measured quantity.
UNITS = """
% | percent | per cent | percentage points | x | times | fold | billion | million
| trillion | thousand | bn | m | k | gb | tb | mb | gbps | mbps | ghz | mhz | nm | mm | cm
| km | kg | g | mah | wh | kwh | mw | gw | tw | w | watts | kilowatts | megawatts | hours
| minutes | seconds | ms | days | weeks | months | years | users | customers | employees
| people | jobs | units | devices | phones | chips | servers | subscribers | downloads
| shares | parameters | tokens | cores | transistors | qubits | stores | countries
| cities | miles | inches | pixels | frames | fps | teraflops | petaflops | exaflops
"""

CURRENCY = "$ | € | £ | ¥ | usd | eur | gbp | dollars | euros | pounds | yen | yuan"


def phrases(block: str) -> list[str]:
    """The entries of one list above, lowercased, longest first (so alternation prefers them)."""
    items = {item.strip().lower() for item in block.split("|") if item.strip()}
    return sorted(items, key=lambda item: (-len(item), item))
