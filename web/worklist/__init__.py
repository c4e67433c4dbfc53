"""The coach's work list: what needs the coach now, newest first, and what they marked done."""
