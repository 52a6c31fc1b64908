"""Telegram bridge: python-telegram-bot on one side, Rasa's REST channel on the other.

    render.py   Rasa replies -> Telegram HTML text and inline keyboards
    state.py    which updates are answered (survives a restart of the bridge)
    relay.py    Telegram update -> REST call to Rasa (commands, metadata)
    bridge.py   long polling or webhook, per-chat ordering, retries
"""
