"""Accords Bot's platform-neutral core: knowledge, understanding, answers.

Nothing in this package touches the network, a chat SDK or the environment (bot/config.py
excepted); adapters translate platform payloads into calls on `bot.engine.Engine`.
"""
