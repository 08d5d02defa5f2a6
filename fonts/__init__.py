"""The Song TrueType face embedded in PDFs, its licence and the script that built it."""
