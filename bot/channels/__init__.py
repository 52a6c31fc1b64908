"""Chat channels that sit in front of Rasa: the Telegram bridge (telegram/).
The web widget is served by bot/web; REST and socket.io are Rasa's own."""
