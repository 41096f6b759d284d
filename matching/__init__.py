"""Matching engine: ranks published offers for an SME profile (plain Python and NumPy, no Flask, no SQL)."""
