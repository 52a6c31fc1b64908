"""Language tooling: detecting the language a message is written in."""
