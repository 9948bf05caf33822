"""partnernet: the partnership graph of Thailand's community development movement."""

__version__ = "0.1.0"
