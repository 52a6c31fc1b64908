"""TITP Assistant library: knowledge, rendering, language tools and services.

Data flows one way: channel -> Rasa -> action / NLG endpoint -> bot services -> data.
"""
