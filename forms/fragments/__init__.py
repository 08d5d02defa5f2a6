"""Pieces of form definitions shared by several forms (data only)."""
