"""The Slack front end: a slack-bolt `AsyncApp` over the shared `ChatService`.

It translates Slack payloads in, calls the core through the service layer, and renders the
`Answer` out. It holds no facts, thresholds or wording. The package is split by job:

    payload        payloads in: Conversation keys, Slack markup -> plain text (pure)
    listeners      commands, mentions, DMs, buttons, the report modal's submission
    reply_tasks    the replies written after the acknowledgement, kept until they finish
    sharing        the "Share in channel" button and what a press posts
    report_filing  opening the report form, and filing what it sends
    render         Answer -> Block Kit (pure)
    components     the report button's value and the report modal (pure)
    mrkdwn         escaping and cutting Slack text (pure)
    announcing     posting what changed in the facts to subscribed channels
    serving        the bolt app over HTTP or Socket Mode, and `run`

Run it with `accords-bot slack` (Socket Mode) or `accords-bot slack --http` (HTTP).
"""

from adapters.slack_bot.listeners import SlackFrontEnd
from adapters.slack_bot.payload import Conversation, plain_text_from_slack
from adapters.slack_bot.serving import (
    EVENTS_PATH,
    HEALTH_PATH,
    SocketModeConnection,
    bound_port,
    build_app,
    build_http_app,
    connect_socket_mode,
    run,
)

__all__ = [
    "EVENTS_PATH",
    "HEALTH_PATH",
    "Conversation",
    "SlackFrontEnd",
    "SocketModeConnection",
    "bound_port",
    "build_app",
    "build_http_app",
    "connect_socket_mode",
    "plain_text_from_slack",
    "run",
]
