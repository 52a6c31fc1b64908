"""The embeddable web chat widget: static files, the i18n words and a demo page.

`python -m bot.web` serves them (server.py); the widget talks to Rasa's socket.io
channel directly (channel.py is that channel with its room bug fixed).
"""
