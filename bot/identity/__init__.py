"""Who the user is: one-time link codes, verification with lockout, chat binding, audit."""
