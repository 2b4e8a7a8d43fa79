"""How well the core answers, checked by its maintainers' tools: the golden question tables and
their pass bars (`golden`), the answer lock that names every answer that moved (`golden_lock`),
and the kind model learned from the labelled corpus (`learned`). It sits above the core, beside
the service layer, and below the adapters' commands that run it (`accords-bot check`, `learn`).
"""
