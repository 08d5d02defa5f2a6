"""Formatting compliance checker (``shenbao check``) for DOCX and PDF."""
