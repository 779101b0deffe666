"""Cooperation areas: what the scores mean and how they rank (`model`), the legal forms (`orgforms`),
and the scores' reads and writes (`store`)."""
