"""MasteryDesk: an offline journal that turns practice into mastery."""

__version__ = "0.1.0"
