"""Every sentence the bot says around its answers, in one place to review and translate.

The facts come from the fact base; what lives here is every word around them: answers'
titles, field labels and joining sentences, asking back and not knowing, apologies, notices,
the report form's labels, button labels, the thank-you. The core, the service and the
adapters import `bot.wording` and never write user-facing text of their own. Pure: no I/O, no
platform markup (renderers escape and decorate the plain text).

One namespace, split into files by where the words appear, so each stays short to review:

    notices   the service's notices: apologies, waiting, sharing, reports, More, the console
    labels    the decorations around every answer ("Sources", "Try:"), in its language
    updates   what changed in the facts, and the subscription commands' confirmations
    replies   asking back, not knowing, the suggested questions, why / where from / about
    refusals  why a question is not answered: too long, an instruction, a detail the facts lack
    answers   the titles, field labels and sentences around the facts of a composed answer
    findings  the frame around an answer made of findings (reasons, effects, views...)
    bidi      keeping Latin runs in order inside right-to-left text (no words of its own)
"""

from bot.wording.answers import *  # noqa: F403  # one namespace: callers say wording.NAME
from bot.wording.bidi import *  # noqa: F403  # one namespace: callers say wording.NAME
from bot.wording.computed import *  # noqa: F403  # one namespace: callers say wording.NAME
from bot.wording.findings import *  # noqa: F403  # one namespace: callers say wording.NAME
from bot.wording.labels import *  # noqa: F403  # one namespace: callers say wording.NAME
from bot.wording.notices import *  # noqa: F403  # one namespace: callers say wording.NAME
from bot.wording.refusals import *  # noqa: F403  # one namespace: callers say wording.NAME
from bot.wording.replies import *  # noqa: F403  # one namespace: callers say wording.NAME
from bot.wording.updates import *  # noqa: F403  # one namespace: callers say wording.NAME
