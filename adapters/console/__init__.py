"""The console front end: the `accords-bot` command line and plain-text rendering.

It sits beside Discord and Slack, so the core (`bot`) never imports a front end.
"""
