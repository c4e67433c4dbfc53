"""The signed-in person's own settings (every role that gets mail): how they get it."""
