"""The shipped fact base, installed as the package `accords_bot_knowledge`.

Only data lives here (the YAML files, `schema.json`, `README.md`, `golden/`); the package
exists so that wheels carry the files and `importlib.resources` finds them wherever the bot is
installed. `bot.config.shipped_knowledge_dir()` is the one place that looks it up.
"""
